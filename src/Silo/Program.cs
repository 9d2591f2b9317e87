using JointPunishment.Silo.Extensions;
using JointPunishment.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace JointPunishment.Silo;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is [ReencryptCommand.Name, .. var options])
        {
            return await ReencryptCommand.RunAsync(options, Console.Out);
        }

        if (args is [RekeySubjectsCommand.Name, .. var rekeyOptions])
        {
            return await RekeySubjectsCommand.RunAsync(rekeyOptions, Console.Out);
        }

        if (args is ["migrate", ..])
        {
            await MigrateAsync(args[1..]);
            return 0;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.AddJointPunishmentSilo();
        builder.Services.AddSingleton<IHostLifetime, GracefulSignalLifetime>();

        using var host = builder.Build();
        await host.Services.GetRequiredService<SchemaMigrator>().MigrateAsync();
        await host.RunAsync();
        return 0;
    }

    /// <summary>
    /// <c>migrate</c>: brings the schema up to date with <c>JP_POSTGRES_ADMIN</c> (else <c>JP_POSTGRES</c>) and exits, so that
    /// the owner's connection string need not be given to the silos that run for days (docs/security.md).
    /// </summary>
    private static async Task MigrateAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddPostgres(builder.Configuration);
        using var host = builder.Build();
        await host.Services.GetRequiredService<SchemaMigrator>().MigrateAsync();
    }
}
