using JointPunishment.Storage.Encryption;
using Microsoft.Extensions.Configuration;

namespace JointPunishment.Unit.Tests.Encryption;

public sealed class OperatorKeyTests
{
    private static IConfiguration With(string? key) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["JP_OPERATOR_KEY"] = key }).Build();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0123456789012345678901234567890")] // 31
    public void ShortOrMissingKey_IsRefused_WhereOneIsRequired(string? key)
    {
        var error = Assert.Throws<InvalidOperationException>(() => KeySettings.OperatorKey(With(key), required: true));
        Assert.Contains("JP_OPERATOR_KEY must be set to a secret of at least 32 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyOf32Characters_IsAccepted_AndAnOptionalOneMayBeAbsentButNotShort()
    {
        Assert.Equal(new string('k', 32), KeySettings.OperatorKey(With(new string('k', 32)), required: true));
        Assert.Equal("", KeySettings.OperatorKey(With(null), required: false));
        Assert.Throws<InvalidOperationException>(() => KeySettings.OperatorKey(With("short-key"), required: false));
    }
}
