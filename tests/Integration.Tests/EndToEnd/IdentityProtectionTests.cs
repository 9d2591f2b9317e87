using System.Text;
using JointPunishment.Integration.Tests.Infrastructure;
using Npgsql;

namespace JointPunishment.Integration.Tests.EndToEnd;

/// <summary>After a run that lists, links, checks and restarts, no listed identity number is in clear in any table or log line.</summary>
[Collection(PostgresCollection.Name)]
public sealed class IdentityProtectionTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly LogCapture _logs = new();
    private RunningSystem _system = null!;

    public async Task InitializeAsync() => _system = await RunningSystem.StartAsync(postgres, capture: _logs);

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task ListedIdentityNumbers_AppearInNoTableAndNoLog()
    {
        var court = await _system.RegisterCourtAsync("ip-court");
        var agency = await _system.RegisterAgencyAsync("ip-rail", "consumption.rail", "consumption.air");
        var debtor = TestIds.ResidentId();
        var officer = TestIds.ResidentId();
        var unit = TestIds.Uscc();
        await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", court, new
        {
            events = new object[]
            {
                new { eventId = "ip-1", type = "listed", caseNumber = "(2026)京01执31号", subject = new { idType = "resident_id", idNumber = debtor, name = "保密人" }, listedOn = "2026-11-20", @public = true },
                new
                {
                    eventId = "ip-2", type = "listed", caseNumber = "(2026)京01执32号", subject = new { idType = "uscc", idNumber = unit, name = "保密公司" }, listedOn = "2026-11-20", @public = false,
                    officers = new[] { new { role = "legal_representative", idType = "resident_id", idNumber = officer, name = "法定代表" } },
                },
            },
        });
        foreach (var person in new[] { debtor, officer })
        {
            var check = await _system.JsonAsync(HttpMethod.Post, "/v1/checks", agency, new { measure = "consumption.air", subject = new { idType = "resident_id", idNumber = person } });
            Assert.Equal("block", check.GetProperty("decision").GetString());
        }

        await _system.JsonAsync(HttpMethod.Post, "/v1/checks", agency, new { measure = "consumption.air", subject = new { idType = "resident_id", idNumber = "not-a-number" } }, 400);
        await _system.RestartSilosAsync();

        // The court can still read the numbers back: they are stored, encrypted.
        var view = await _system.JsonAsync(HttpMethod.Get, $"/v1/court/subjects/resident_id/{debtor}", court);
        Assert.Equal(debtor, view.GetProperty("subject").GetProperty("idNumber").GetString());
        await _system.FlushCheckRecordsAsync();

        var dump = await DumpAllTablesAsync();
        Assert.Contains("ip-1", dump, StringComparison.Ordinal);   // the dump does see stored text (the audit of the events)
        foreach (var number in new[] { debtor, officer })
        {
            var hex = Convert.ToHexStringLower(Encoding.UTF8.GetBytes(number));
            Assert.DoesNotContain(number, dump, StringComparison.Ordinal);
            Assert.DoesNotContain(hex, dump, StringComparison.Ordinal);
            Assert.DoesNotContain(_logs.Lines, line => line.Contains(number, StringComparison.Ordinal));
        }
    }

    /// <summary>Every row of every table in the database as JSON text; binary columns appear as hex.</summary>
    private async Task<string> DumpAllTablesAsync()
    {
        await using var connection = new NpgsqlConnection(_system.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var dump = new StringBuilder();
        foreach (var table in tables)
        {
            await using var select = new NpgsqlCommand($"SELECT row_to_json(t)::text FROM {table} t", connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                dump.AppendLine(reader.GetString(0));
            }
        }

        return dump.ToString();
    }
}
