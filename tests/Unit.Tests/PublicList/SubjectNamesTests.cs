using JointPunishment.Grains.Domain.PublicList;

namespace JointPunishment.Unit.Tests.PublicList;

public sealed class SubjectNamesTests
{
    [Theory]
    [InlineData("  张三  ", "张三")]
    [InlineData("\u3000张三\u3000", "张三")]
    [InlineData("ＡＢＣ有限公司", "ABC有限公司")]
    [InlineData("Ｊｏｈｎ\u3000Ｓｍｉｔｈ", "John Smith")]
    [InlineData("（宁夏）某某公司", "(宁夏)某某公司")]
    [InlineData("张三", "张三")]
    public void Normalise_TrimsAndFoldsFullWidth(string input, string expected) => Assert.Equal(expected, SubjectNames.Normalise(input));

    [Fact]
    public void Normalise_OnlyIdeographicSpaces_IsEmpty() => Assert.Equal("", SubjectNames.Normalise("\u3000\u3000"));
}
