using JointPunishment.Integration.Tests.Infrastructure;
using JointPunishment.Silo.Extensions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace JointPunishment.Integration.Tests.Operations;

/// <summary>
/// The <c>JP_*</c> secrets are checked before a silo or a gateway serves anything: without a usable one it refuses to
/// start, saying which setting and why (no database is needed to find out). A silo checks its storage keys before it
/// is even built; the gateway's are validated options, checked on start (its platform credential, derived from
/// <c>JP_STORAGE_KEY</c>, may refuse a missing key first, in its own words).
/// </summary>
public sealed class SecretSettingsTests
{
    private const string NoDatabase = "Host=127.0.0.1;Port=1;Username=nobody;Database=none";
    private const string TooShort = "too-short";

    [Theory]
    [InlineData("JP_STORAGE_KEY", null, "JP_STORAGE_KEY must be set to a secret of at least 16 characters")]
    [InlineData("JP_STORAGE_KEY", TooShort, "JP_STORAGE_KEY must be set to a secret of at least 16 characters")]
    [InlineData("JP_STORAGE_OLD_KEYS", TooShort, "every key in JP_STORAGE_OLD_KEYS must have at least 16 characters")]
    public void Silo_WithoutUsableStorageKeys_RefusesToStart_NamingTheSetting(string setting, string? value, string expected)
    {
        var builder = SiloBuilder(setting, value);

        var refused = Assert.Throws<InvalidOperationException>(() => builder.AddJointPunishmentSilo());

        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(TooShort)]
    public async Task Silo_WithoutAUsableSubjectKey_RefusesToStart_NamingIt(string? value)
    {
        var builder = SiloBuilder("JP_SUBJECT_KEY", value);
        builder.AddJointPunishmentSilo();
        using var host = builder.Build();

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("JP_SUBJECT_KEY must be set to a secret of at least 16 characters", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("JP_STORAGE_KEY", null, "JP_STORAGE_KEY must be set to")]
    [InlineData("JP_STORAGE_KEY", TooShort, "JP_STORAGE_KEY must be set to")]
    [InlineData("JP_STORAGE_OLD_KEYS", TooShort, "every key in JP_STORAGE_OLD_KEYS must have at least 16 characters")]
    public async Task Gateway_WithoutUsableStorageKeys_RefusesToStart_NamingTheSetting(string setting, string? value, string expected)
    {
        await using var gateway = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web
            .UseSetting("JP_POSTGRES", NoDatabase)
            .UseSetting("JP_SUBJECT_KEY", ClusterHarness.SubjectKey)
            .UseSetting("JP_STORAGE_KEY", ClusterHarness.StorageKey)
            .UseSetting("JP_OPERATOR_KEY", RunningSystem.OperatorKey)
            .UseSetting(ClusterHarness.TlsModeKey, "off")
            .UseSetting(setting, value));

        var refused = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());

        Assert.Contains(expected, refused.ToString(), StringComparison.Ordinal);
    }

    private static HostApplicationBuilder SiloBuilder(string setting, string? value)
    {
        var settings = new Dictionary<string, string?>
        {
            ["JP_POSTGRES"] = NoDatabase,
            ["JP_SUBJECT_KEY"] = ClusterHarness.SubjectKey,
            ["JP_STORAGE_KEY"] = ClusterHarness.StorageKey,
            [ClusterHarness.TlsModeKey] = "off",
            [setting] = value,
        };
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }
}
