using System.Globalization;
using System.Net;
using System.Text.Json;
using Npgsql;

namespace JointPunishment.Bench;

/// <summary>
/// The public name search at national scale (issue 5: p99 ≤ 50 ms with 1,000,000 listed), behind
/// scripts/bench-public-scale.sh. The name search reads only the public list's read model (<c>jp_public_listing</c>
/// and the distinct short names in <c>jp_public_name</c>),
/// so the population is written there directly with one server-side <c>INSERT … SELECT generate_series</c> per chunk
/// instead of through a million court events (the import path has its own benchmark in ./bench.sh). Half the rows
/// carry long names (<c>被执行人N</c>: the exact-match B-tree path), half two- or three-character personal names from
/// common surnames and given-name characters (the exact-or-similar pg_trgm path, with the name collisions real names
/// have). The same queries run first at <c>baseline</c> rows and then at <c>rows</c>, through the gateway's HTTP
/// endpoint, and the ratios are printed beside the absolute figures.
/// </summary>
public static class PublicScaleRun
{
    private static readonly string[] Surnames =
    [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
        "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡",
        "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "欧阳",
    ];

    private static readonly string[] GivenCharacters =
    [
        .. ("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华文辉玉兰志强晓红春梅海燕成林德胜宏伟"
          + "子涵浩然梓萱欣怡宇轩一诺雨桐思远佳琪俊杰鑫磊嘉怡若曦博文天佑晨阳佩玲美玲振东永红海涛国庆利民丹丹"
          + "亮亮鹏飞志刚红梅金凤玉梅淑珍秀珍凤英桂芳红霞丽娟小龙晓东晓明建军建平卫东卫国").Select(c => c.ToString()),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var o = new KeyValueArgs(args);
        var gateway = o.Get("gateway");
        var rows = o.Int("rows", 1_000_000);
        var baseline = o.Int("baseline", 100_000);
        var seconds = o.Int("seconds", 10);
        var concurrency = o.Int("concurrency", 32);
        await using var dataSource = NpgsqlDataSource.Create(o.Get("postgres"));
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2 }) { BaseAddress = new Uri(gateway) };

        await SeedAsync(dataSource, 0, baseline);
        var small = await MeasureAsync(http, baseline, seconds, concurrency);
        await SeedAsync(dataSource, baseline, rows);
        var large = await MeasureAsync(http, rows, seconds, concurrency);

        Console.WriteLine();
        Console.WriteLine($"{"public name search",-34}{baseline,14:N0} rows{rows,14:N0} rows{"ratio",10}");
        Row("long names (exact) queries/s", small.Exact.PerSecond, large.Exact.PerSecond);
        Row("long names (exact) p99 ms", small.Exact.P99Ms, large.Exact.P99Ms);
        Row("short names (+similar) queries/s", small.Short.PerSecond, large.Short.PerSecond);
        Row("short names (+similar) p99 ms", small.Short.P99Ms, large.Short.P99Ms);
        var failures = small.Exact.Failures + small.Short.Failures + large.Exact.Failures + large.Short.Failures;
        Console.WriteLine($"failed queries: {failures}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $$"""{"rows":{{rows}},"baselineRows":{{baseline}},"exactNamePerSec":{{Math.Round(large.Exact.PerSecond)}},"exactNameP99Ms":{{Math.Round(large.Exact.P99Ms, 2)}},"shortNamePerSec":{{Math.Round(large.Short.PerSecond)}},"shortNameP99Ms":{{Math.Round(large.Short.P99Ms, 2)}},"baselineExactNameP99Ms":{{Math.Round(small.Exact.P99Ms, 2)}},"baselineShortNameP99Ms":{{Math.Round(small.Short.P99Ms, 2)}},"failedQueries":{{failures}}}"""));
        return failures == 0 ? 0 : 1;
    }

    /// <summary>The personal name row <paramref name="i"/> (odd) was given by <see cref="SeedAsync"/>; the SQL there computes the same.</summary>
    private static string ShortName(long i) =>
        Surnames[i % Surnames.Length] + GivenCharacters[i / 7 % GivenCharacters.Length] + (i % 3 == 0 ? "" : GivenCharacters[i / 1409 % GivenCharacters.Length]);

    private static async Task SeedAsync(NpgsqlDataSource dataSource, int from, int to)
    {
        const int Chunk = 100_000;
        for (var start = from; start < to; start += Chunk)
        {
            var end = Math.Min(to, start + Chunk);
            // The rows and, as the projection adds them (PostgresPublicNameProjection), the distinct short names the
            // similar-name search scans.
            await using var insert = dataSource.CreateCommand("""
                WITH listed AS (
                INSERT INTO jp_public_listing (subject_key, case_number, listed_event_id, court, name, id_masked, listed_on)
                SELECT 'subj:scale-' || i, '(2026)京01执' || i || '号', 'scale-' || i, 'bench',
                       CASE WHEN i % 2 = 0 THEN '被执行人' || i
                            ELSE $1[1 + i % cardinality($1)] || $2[1 + (i / 7) % cardinality($2)]
                                 || CASE WHEN i % 3 = 0 THEN '' ELSE $2[1 + (i / 1409) % cardinality($2)] END
                       END,
                       '110101' || lpad((i % 10000)::text, 4, '0') || '****' || lpad((i % 9973)::text, 4, '0'),
                       date '2025-01-01' + (i % 600)::int
                FROM generate_series($3::bigint, $4::bigint - 1) AS i
                RETURNING name)
                INSERT INTO jp_public_name (name)
                SELECT DISTINCT name FROM listed WHERE char_length(name) <= 4 ORDER BY name
                ON CONFLICT DO NOTHING
                """);
            insert.CommandTimeout = 0;
            insert.Parameters.Add(new NpgsqlParameter { Value = Surnames });
            insert.Parameters.Add(new NpgsqlParameter { Value = GivenCharacters });
            insert.Parameters.Add(new NpgsqlParameter { Value = (long)start });
            insert.Parameters.Add(new NpgsqlParameter { Value = (long)end });
            await insert.ExecuteNonQueryAsync();
            Log($"public list: {end:N0} rows");
        }

        // As autovacuum leaves a table that has settled: statistics, and the visibility map that lets the name index answer alone.
        await using var analyze = dataSource.CreateCommand("VACUUM ANALYZE jp_public_listing, jp_public_name");
        await analyze.ExecuteNonQueryAsync();
    }

    private static async Task<(LoadResult Exact, LoadResult Short)> MeasureAsync(HttpClient http, int rows, int seconds, int concurrency)
    {
        var duration = TimeSpan.FromSeconds(seconds);
        var warmup = TimeSpan.FromSeconds(Math.Max(2, seconds / 5));
        // Spread over the population with a prime stride, so the queries do not come from a few hot pages.
        Log($"long names over {rows:N0} rows");
        var exact = await LoadDriver.RunAsync(n => FindAsync(http, $"被执行人{n * 7919 % rows / 2 * 2}"), concurrency, duration, warmup);
        Log($"short names over {rows:N0} rows");
        var personal = await LoadDriver.RunAsync(n => FindAsync(http, ShortName((n * 7919 % rows / 2 * 2) + 1)), concurrency, duration, warmup);
        return (exact, personal);
    }

    private static async Task FindAsync(HttpClient http, string name)
    {
        using var response = await http.GetAsync($"/v1/public/debtors?name={Uri.EscapeDataString(name)}");
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"{(int)response.StatusCode} for a public query");
        }

        // The name is on the list: an answer without it is a failure, not speed.
        using var body = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        if (!body.RootElement.GetProperty("items").EnumerateArray().Any(item => item.GetProperty("name").GetString() == name))
        {
            throw new InvalidOperationException("a listed name was not found by the public query");
        }
    }

    private static void Row(string label, double small, double large) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label,-34}{small,19:N2}{large,19:N2}{large / small,10:N2}"));

    private static void Log(string message) => Console.Error.WriteLine($"[bench {DateTime.Now:HH:mm:ss}] {message}");
}
