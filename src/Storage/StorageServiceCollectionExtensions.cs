using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace JointPunishment.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="PostgresOptions"/> (from <c>JP_POSTGRES</c> or <c>ConnectionStrings:Postgres</c>),
    /// one shared <see cref="NpgsqlDataSource"/> and the <see cref="SchemaMigrator"/>.
    /// </summary>
    public static IServiceCollection AddPostgres(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PostgresOptions>()
            .Configure(o => o.ConnectionString = configuration["JP_POSTGRES"] is { Length: > 0 } fromEnv
                ? fromEnv
                : configuration.GetConnectionString("Postgres") ?? "")
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton(sp =>
        {
            var builder = new NpgsqlDataSourceBuilder(sp.GetRequiredService<IOptions<PostgresOptions>>().Value.ConnectionString);
            // The Orleans providers pass DateTime values; a UTC session makes timestamptz conversions exact.
            builder.ConnectionStringBuilder.Timezone = "UTC";
            if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
            {
                builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
            }
            return builder.Build();
        });
        services.AddSingleton<SchemaMigrator>();
        return services;
    }
}
