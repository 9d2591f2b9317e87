using JointPunishment.Grains.Domain.Identity;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Unit.Tests.Identity;

public sealed class IdentityMaskTests
{
    [Theory]
    [InlineData(IdType.ResidentId, "64010419900307123X", "6401041990****123X")]
    [InlineData(IdType.Passport, "E12345678", "E1*****78")]
    [InlineData(IdType.Passport, "AB12", "****")]
    [InlineData(IdType.Uscc, "91350100M000100Y43", "91350100M000100Y43")]
    [InlineData(IdType.OrgCode, "M000100Y4", "M000100Y4")]
    public void Mask_ShowsWhatThePublicListMayShow(IdType type, string number, string expected) =>
        Assert.Equal(expected, IdentityMask.Mask(type, number));

    [Fact]
    public void Mask_ResidentId_HidesTheBirthDateDayAndSequence()
    {
        var masked = IdentityMask.Mask(IdType.ResidentId, "640104199003071234");
        Assert.Equal(18, masked.Length);
        Assert.DoesNotContain("0307", masked, StringComparison.Ordinal);
    }
}
