using JointPunishment.Silo.Extensions;
using JointPunishment.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace JointPunishment.Silo;

public static class Program
{
    public static async Task Main(string[] args)
    {
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
    }
}
