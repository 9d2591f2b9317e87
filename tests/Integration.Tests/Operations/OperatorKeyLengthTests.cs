using JointPunishment.Integration.Tests.Infrastructure;
using JointPunishment.Silo.Extensions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace JointPunishment.Integration.Tests.Operations;

/// <summary>Hosts refuse to start with an operator key shorter than 32 characters, and say so.</summary>
public sealed class OperatorKeyLengthTests
{
    private const string ShortKey = "operator-key-of-31-characters-x";

    [Theory]
    [InlineData("")]
    [InlineData(ShortKey)]
    public void Gateway_WithAMissingOrShortOperatorKey_RefusesToStart(string key)
    {
        using var gateway = new WebApplicationFactory<Program>()
            .WithWebHostBuilder(web => web
                .UseSetting("JP_POSTGRES", "Host=127.0.0.1;Port=1;Database=none")
                .UseSetting("JP_SUBJECT_KEY", ClusterHarness.SubjectKey)
                .UseSetting("JP_STORAGE_KEY", ClusterHarness.StorageKey)
                .UseSetting("JP_OPERATOR_KEY", key));

        var error = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());
        Assert.Contains("JP_OPERATOR_KEY must be set to a secret of at least 32 characters", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Silo_WithAShortOperatorKey_RefusesToStart()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["JP_POSTGRES"] = "Host=127.0.0.1;Port=1;Database=none", ["JP_SUBJECT_KEY"] = ClusterHarness.SubjectKey,
            ["JP_STORAGE_KEY"] = ClusterHarness.StorageKey, ["JP_OPERATOR_KEY"] = ShortKey,
        });

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddJointPunishmentSilo());
        Assert.Contains("JP_OPERATOR_KEY must be set to a secret of at least 32 characters", error.Message, StringComparison.Ordinal);
    }
}
