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
}
