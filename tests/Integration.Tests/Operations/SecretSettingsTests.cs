using JointPunishment.Integration.Tests.Infrastructure;
using JointPunishment.Silo.Extensions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace JointPunishment.Integration.Tests.Operations;

/// <summary>
/// The <c>JP_*</c> secrets are validated options: a silo or a gateway without a usable one refuses to start, saying
/// which setting and why, before it serves anything (no database is needed to find out).
/// </summary>
public sealed class SecretSettingsTests
{
    private const string NoDatabase = "Host=127.0.0.1;Port=1;Username=nobody;Database=none";

    [Theory]
    [InlineData("JP_STORAGE_KEY", null)]
    [InlineData("JP_STORAGE_KEY", "too-short")]
    [InlineData("JP_SUBJECT_KEY", null)]
    [InlineData("JP_SUBJECT_KEY", "too-short")]
    public async Task Silo_WithoutAUsableSecret_RefusesToStart_NamingIt(string setting, string? value)
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
        builder.AddJointPunishmentSilo();
        using var host = builder.Build();

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains($"{setting} must be set to a secret of at least 16 characters", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_WithoutAStorageKey_RefusesToStart_NamingIt()
    {
        await using var gateway = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web
            .UseSetting("JP_POSTGRES", NoDatabase)
            .UseSetting("JP_SUBJECT_KEY", ClusterHarness.SubjectKey)
            .UseSetting(ClusterHarness.TlsModeKey, "off"));

        var refused = Assert.Throws<OptionsValidationException>(() => gateway.CreateClient());

        Assert.Contains("JP_STORAGE_KEY must be set to a secret of at least 16 characters", refused.Message, StringComparison.Ordinal);
    }
}
