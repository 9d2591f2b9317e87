using JointPunishment.Grains.Domain.Identity;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Unit.Tests.Identity;

public sealed class IdentityMaskTests
{
    [Theory]
    [InlineData(IdType.ResidentId, "640104199001011234", "6401041990****1234")]
    [InlineData(IdType.Passport, "E12345678", "E1*****78")]
    [InlineData(IdType.Uscc, "91110000600037341L", "91110000600037341L")]
    [InlineData(IdType.OrgCode, "60003734X", "60003734X")]
    public void Mask_KeepsWhatThePublicListShows(IdType type, string number, string masked) =>
        Assert.Equal(masked, IdentityMask.Mask(type, number));
}
