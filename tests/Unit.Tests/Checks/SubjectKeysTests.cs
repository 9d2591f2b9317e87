using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Keys;
using Microsoft.Extensions.Options;

namespace JointPunishment.Unit.Tests.Checks;

public sealed class SubjectKeysTests
{
    private readonly SubjectKeys _keys = new(Options.Create(new SubjectKeyOptions { Secret = "unit-test-secret-0123456789" }));

    [Theory]
    [InlineData(IdType.ResidentId, "11010519491231002X")]
    [InlineData(IdType.ResidentId, "110105194912310029")]
    [InlineData(IdType.Uscc, "91350100M000100Y43")]
    public void HashFor_IsTheHashInsideTheKey_ThatForWithHashGives(IdType type, string number)
    {
        var (key, hash) = _keys.ForWithHash(type, number);

        Assert.Equal(hash, _keys.HashFor(type, number));
        Assert.Equal(SubjectKeys.HashOf(key), _keys.HashFor(type, number));
    }

    [Fact]
    public void HashFor_DiffersBetweenNumbers_AndBetweenTypesOfTheSameNumber()
    {
        var hashes = new[]
        {
            _keys.HashFor(IdType.ResidentId, "11010519491231002X"),
            _keys.HashFor(IdType.ResidentId, "110105194912310029"),
            _keys.HashFor(IdType.Passport, "11010519491231002X"),
        };

        Assert.Equal(hashes.Length, hashes.Distinct().Count());
    }
}
