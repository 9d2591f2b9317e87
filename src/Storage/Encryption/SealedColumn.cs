using System.Runtime.CompilerServices;
using Npgsql;

namespace JointPunishment.Storage.Encryption;

/// <summary>
/// A column of values sealed by <see cref="Protector"/>: <see cref="Owner"/> is the SQL of what each value is bound to,
/// <see cref="RowId"/> the columns of a unique, indexed key (pages are read in its order). <c>reencrypt</c> reads such
/// columns to move them to the current storage key, <c>rekey-subjects</c> the sealed identities to derive their subject
/// keys again: both with <see cref="PagesAsync"/>.
/// </summary>
public sealed record SealedColumn(string Table, IReadOnlyList<string> RowId, string Owner, string Value, SecretProtector Protector)
{
    /// <summary>The row ids as SQL (<c>a, b</c>).</summary>
    public string RowIdList => string.Join(", ", RowId);

    /// <summary>
    /// The rows matching <paramref name="filter"/> (SQL over <see cref="Table"/>, alias <c>t</c>, whose parameters
    /// <paramref name="filterValues"/> are $1 …), in <see cref="RowId"/> order, <paramref name="pageSize"/> at a time, each
    /// with the column <paramref name="also"/> when given. A page is read whole before it is returned, so the caller may
    /// write on <paramref name="connection"/> before asking for the next, which starts after the last row of the one before.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<SealedRow>> PagesAsync(
        NpgsqlConnection connection, string filter, IReadOnlyList<object> filterValues, string? also, int pageSize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(filterValues);
        var limit = filterValues.Count + 1;
        var afterValues = string.Join(", ", RowId.Select((_, i) => $"${limit + 1 + i}"));
        object[]? after = null;
        while (true)
        {
            var page = new List<SealedRow>(pageSize);
            await using (var command = new NpgsqlCommand($"""
                SELECT {RowIdList}, {Owner}, {Value}{(also is null ? "" : $", {also}")} FROM {Table} t
                 WHERE ({filter}) {(after is null ? "" : $"AND ({RowIdList}) > ({afterValues})")}
                 ORDER BY {RowIdList} LIMIT ${limit}
                """, connection))
            {
                foreach (var value in filterValues.Append(pageSize).Concat(after ?? []))
                {
                    command.Parameters.Add(new NpgsqlParameter { Value = value });
                }

                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var owner = RowId.Count;
                while (await reader.ReadAsync(cancellationToken))
                {
                    var id = new object[RowId.Count];
                    for (var i = 0; i < id.Length; i++)
                    {
                        id[i] = reader.GetValue(i);
                    }

                    page.Add(new SealedRow(
                        id, reader.GetString(owner), reader.IsDBNull(owner + 1) ? null : reader.GetString(owner + 1),
                        also is null || reader.IsDBNull(owner + 2) ? null : reader.GetString(owner + 2)));
                }
            }

            if (page.Count > 0)
            {
                yield return page;
            }

            if (page.Count < pageSize)
            {
                yield break;
            }

            after = page[^1].RowId;
        }
    }
}

/// <summary>One row of a <see cref="SealedColumn"/>: its row id's values, its owner, its sealed value (null when none) and the extra column asked for.</summary>
public sealed record SealedRow(object[] RowId, string Owner, string? Value, string? Also);
