using System.Text.Json;
using Npgsql;

namespace JointPunishment.Bench;

/// <summary>
/// The system a user might write instead: one ASP.NET Core endpoint taking the same request body as
/// <c>POST /v1/checks</c> and doing one indexed Npgsql lookup per check. The baseline the real path is compared with.
/// </summary>
public static class NaiveServer
{
    public static async Task RunAsync(string url, string postgres)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        await using var dataSource = NpgsqlDataSource.Create(postgres);
        var app = builder.Build();
        app.MapPost("/v1/checks", async (HttpRequest request) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body);
            var subject = body.RootElement.GetProperty("subject");
            await using var command = dataSource.CreateCommand("SELECT 1 FROM naive_listed WHERE id_type = $1 AND id_number = $2");
            command.Parameters.Add(new NpgsqlParameter { Value = subject.GetProperty("idType").GetString() });
            command.Parameters.Add(new NpgsqlParameter { Value = subject.GetProperty("idNumber").GetString() });
            var listed = await command.ExecuteScalarAsync() is not null;
            return Results.Json(new { checkId = Guid.CreateVersion7().ToString(), decision = listed ? "block" : "allow" });
        });
        await app.RunAsync();
    }
}
