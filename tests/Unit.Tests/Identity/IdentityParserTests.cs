using JointPunishment.Grains.Domain.Identity;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Unit.Tests.Identity;

// Check characters in this file were computed with an independent script and cross-checked against
// the python-stdnum port (cn.ric, cn.uscc). 91350100M000100Y43 and 91110000600037341L are public
// codes of real units.
public class IdentityParserTests
{
    private static readonly DateOnly Today = new(2025, 6, 15);

    public static TheoryData<string, string> ResidentIdValid => new()
    {
        { "11010519491231002X", "11010519491231002X" },
        { "110105199003071239", "110105199003071239" },
        { "11010519491231002x", "11010519491231002X" },                  // lower-case x → X
        { "440304200002294613", "440304200002294613" },                  // 29 Feb 2000: leap year (divisible by 400)
        { "32010219000101001X", "32010219000101001X" },                  // earliest allowed year
        { "11010520250615003X", "11010520250615003X" },                  // born today
        { "１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X" },  // full-width digits and X
        { "１１０１０５１９４９１２３１００２ｘ", "11010519491231002X" },  // full-width lower-case x
        { "  110105199003071239\u3000", "110105199003071239" },        // ASCII and ideographic space
        { "\t110105199003071239\n", "110105199003071239" },
    };

    public static TheoryData<string, string> ResidentIdInvalid => new()
    {
        { "11010519491231002", "must be 18 characters" },
        { "11010519491231002X1", "must be 18 characters" },
        { "110105199003071238", "check character is wrong (expected '9')" },
        { "110105199003071230", "check character is wrong (expected '9')" },
        { "11010519491231002Y", "character 18 must be a digit or X" },
        { "1101A5199003071239", "character 5 must be a digit" },
        { "X10105199003071239", "character 1 must be a digit" },
        { "1101051990 0307123", "character 11 must be a digit" },       // inner space is not removed
        { "010105199003071235", "region code must not start with 0" },  // check character is right
        { "110105199002301231", "birth date (characters 7-14) is not a real date" }, // 30 Feb
        { "110105190002291239", "birth date (characters 7-14) is not a real date" }, // 29 Feb 1900: not leap
        { "110105202302291236", "birth date (characters 7-14) is not a real date" }, // 29 Feb 2023
        { "110105199013011234", "birth date (characters 7-14) is not a real date" }, // month 13
        { "110105199000071234", "birth date (characters 7-14) is not a real date" }, // month 0
        { "110105199003001234", "birth date (characters 7-14) is not a real date" }, // day 0
        { "110105189912311237", "birth date is before 1900" },
        { "110105202506160035", "birth date is in the future" },        // the day after Today
        { "", "is required" },
        { "   ", "is required" },
        { "\u3000", "is required" },
    };

    public static TheoryData<string, string> UsccValid => new()
    {
        { "91350100M000100Y43", "91350100M000100Y43" },
        { "91110000600037341L", "91110000600037341L" },
        { "9144030071526726XG", "9144030071526726XG" },  // embedded organisation code check character X
        { "91310000MA1FL8DW3G", "91310000MA1FL8DW3G" },  // letters in the embedded organisation code
        { "Y1110000MA00AAAA41", "Y1110000MA00AAAA41" },  // letter as registration authority
        { "12100000400000624D", "12100000400000624D" },
        { "91350100m000100y43", "91350100M000100Y43" },  // lower case upper-cased
        { "９１３５０１００Ｍ０００１００Ｙ４３", "91350100M000100Y43" },
        { " 91350100M000100Y43\u3000", "91350100M000100Y43" },
    };

    public static TheoryData<string, string> UsccInvalid => new()
    {
        { "91350100M000100Y4", "must be 18 characters" },
        { "91350100M000100Y433", "must be 18 characters" },
        { "91350100M000100Y44", "check character is wrong (expected '3')" },
        { "91110000600037341M", "check character is wrong (expected 'L')" },
        // Characters 9-17 fail GB 11714 while the MOD 31 character is right for them.
        { "91350100M000100Y56", "organisation code check character (character 17) is wrong (expected '4')" },
        { "91110000600037342P", "organisation code check character (character 17) is wrong (expected '1')" },
        { "I1350100M000100Y43", "character 1 must not be I, O, S, V or Z" },
        { "91350100O000100Y43", "character 9 must not be I, O, S, V or Z" },
        { "91350100M000100S43", "character 16 must not be I, O, S, V or Z" },
        { "91350100M000100V43", "character 16 must not be I, O, S, V or Z" },
        { "91350100M000100Y4Z", "character 18 must not be I, O, S, V or Z" },
        { "913501A0M000100Y43", "character 7 must be a digit" },
        { "9135010-M000100Y43", "character 8 must be a digit or an upper-case letter" },
        { "91350100M000100Y4#", "character 18 must be a digit or an upper-case letter" },
        { "", "is required" },
    };

    public static TheoryData<string, string> OrgCodeValid => new()
    {
        { "123456788", "123456788" },
        { "12345678-8", "123456788" },             // customary hyphen before the check character
        { "M000100Y4", "M000100Y4" },              // letters in the body
        { "m000100y-4", "M000100Y4" },
        { "D2143569X", "D2143569X" },              // C = 10 → X
        { "d2143569-x", "D2143569X" },
        { "100079190", "100079190" },              // C = 11 → 0
        { "１２３４５６７８－８", "123456788" },   // full-width digits and hyphen
        { " 12345678-8 ", "123456788" },
    };

    public static TheoryData<string, string> OrgCodeInvalid => new()
    {
        { "12345678", "must be 9 characters" },
        { "1234567888", "must be 9 characters" },
        { "1234567-88", "must be 9 characters" },  // hyphen only stripped before the last character
        { "123456789", "check character is wrong (expected '8')" },
        { "12345678-9", "check character is wrong (expected '8')" },
        { "D21435690", "check character is wrong (expected 'X')" },
        { "100079191", "check character is wrong (expected '0')" },
        { "1234-5678", "character 5 must be a digit or a letter A-Z" },
        { "12345678Y", "character 9 must be a digit or X" },
        { "", "is required" },
    };

    public static TheoryData<string, string> PassportValid => new()
    {
        { "E12345678", "E12345678" },
        { "e12345678", "E12345678" },
        { "G1234", "G1234" },                                   // shortest
        { "ABCDEFGHIJ0123456789", "ABCDEFGHIJ0123456789" },     // longest
        { " ｅ１２３４５６７８\u3000", "E12345678" },
    };

    public static TheoryData<string, string> PassportInvalid => new()
    {
        { "E123", "must be 5 to 20 characters" },
        { "ABCDEFGHIJ0123456789K", "must be 5 to 20 characters" },
        { "E1234-567", "character 6 must be a letter or a digit" },
        { "E 1234567", "character 2 must be a letter or a digit" },
        { "护照12345", "character 1 must be a letter or a digit" },
        { "\u0131ABCDE", "character 1 must be a letter or a digit" }, // dotless ı is not upper-cased to I
        { "", "is required" },
    };

    public static TheoryData<IdType, string> AllInvalidNonEmpty()
    {
        var all = new TheoryData<IdType, string>();
        Add(IdType.ResidentId, ResidentIdInvalid);
        Add(IdType.Uscc, UsccInvalid);
        Add(IdType.OrgCode, OrgCodeInvalid);
        Add(IdType.Passport, PassportInvalid);
        return all;

        void Add(IdType type, TheoryData<string, string> rows)
        {
            foreach (var row in rows)
            {
                var raw = (string)row[0];
                if (!string.IsNullOrWhiteSpace(raw))
                {
                    all.Add(type, raw);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(ResidentIdValid))]
    public void ResidentId_ValidNumber_IsAcceptedAndNormalised(string raw, string expected) =>
        AssertValid(IdType.ResidentId, raw, expected);

    [Theory]
    [MemberData(nameof(ResidentIdInvalid))]
    public void ResidentId_InvalidNumber_IsRejectedWithExactError(string raw, string expectedError) =>
        AssertInvalid(IdType.ResidentId, raw, expectedError);

    [Theory]
    [MemberData(nameof(UsccValid))]
    public void Uscc_ValidCode_IsAcceptedAndNormalised(string raw, string expected) =>
        AssertValid(IdType.Uscc, raw, expected);

    [Theory]
    [MemberData(nameof(UsccInvalid))]
    public void Uscc_InvalidCode_IsRejectedWithExactError(string raw, string expectedError) =>
        AssertInvalid(IdType.Uscc, raw, expectedError);

    [Theory]
    [MemberData(nameof(OrgCodeValid))]
    public void OrgCode_ValidCode_IsAcceptedAndNormalised(string raw, string expected) =>
        AssertValid(IdType.OrgCode, raw, expected);

    [Theory]
    [MemberData(nameof(OrgCodeInvalid))]
    public void OrgCode_InvalidCode_IsRejectedWithExactError(string raw, string expectedError) =>
        AssertInvalid(IdType.OrgCode, raw, expectedError);

    [Theory]
    [MemberData(nameof(PassportValid))]
    public void Passport_ValidNumber_IsAcceptedAndNormalised(string raw, string expected) =>
        AssertValid(IdType.Passport, raw, expected);

    [Theory]
    [MemberData(nameof(PassportInvalid))]
    public void Passport_InvalidNumber_IsRejectedWithExactError(string raw, string expectedError) =>
        AssertInvalid(IdType.Passport, raw, expectedError);

    [Theory]
    [MemberData(nameof(AllInvalidNonEmpty))]
    public void TryParse_InvalidNumber_ErrorNeverContainsTheNumber(IdType type, string raw)
    {
        Assert.False(IdentityParser.TryParse(type, raw, Today, out _, out var error));
        Assert.DoesNotContain(raw.Trim(), error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(IdentityParser.Normalise(type, raw), error, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(IdType.ResidentId)]
    [InlineData(IdType.Passport)]
    [InlineData(IdType.Uscc)]
    [InlineData(IdType.OrgCode)]
    public void TryParse_NullNumber_IsRequired(IdType type)
    {
        Assert.False(IdentityParser.TryParse(type, null, Today, out var identity, out var error));
        Assert.Equal("is required", error);
        Assert.Equal(default, identity);
    }

    [Fact]
    public void TryParse_UndefinedIdType_IsRejected()
    {
        Assert.False(IdentityParser.TryParse((IdType)99, "91350100M000100Y43", Today, out _, out var error));
        Assert.Equal("unknown identifier type", error);
    }

    [Fact]
    public void TryParse_ClockOverload_AcceptsPastBirthDate()
    {
        Assert.True(IdentityParser.TryParse(IdType.ResidentId, "11010519491231002X", out var identity, out var error));
        Assert.Null(error);
        Assert.Equal(new SubjectIdentity(IdType.ResidentId, "11010519491231002X"), identity);
    }

    [Fact]
    public void TryParse_ClockOverload_RejectsFarFutureBirthDate()
    {
        Assert.False(IdentityParser.TryParse(IdType.ResidentId, "110105299901011234", out _, out var error));
        Assert.Equal("birth date is in the future", error);
    }

    [Theory]
    [InlineData("resident_id", IdType.ResidentId)]
    [InlineData("passport", IdType.Passport)]
    [InlineData("uscc", IdType.Uscc)]
    [InlineData("org_code", IdType.OrgCode)]
    public void IdType_WireName_RoundTrips(string wire, IdType expected)
    {
        Assert.True(IdentityParser.TryParseIdType(wire, out var type));
        Assert.Equal(expected, type);
        Assert.Equal(wire, IdentityParser.ToWire(type));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("USCC")]
    [InlineData("Resident_Id")]
    [InlineData("ResidentId")]
    [InlineData(" uscc")]
    [InlineData("orgcode")]
    [InlineData("1")]
    public void IdType_UnknownWireName_IsRejected(string? wire)
    {
        Assert.False(IdentityParser.TryParseIdType(wire, out var type));
        Assert.Equal(default, type);
    }

    [Fact]
    public void IdType_UndefinedValue_HasNoWireName() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => IdentityParser.ToWire((IdType)0));

    [Theory]
    [InlineData(IdType.ResidentId, "11010519491231002x", "resident_id:11010519491231002X", true)]
    [InlineData(IdType.Passport, "e12345678", "passport:E12345678", true)]
    [InlineData(IdType.Uscc, "91350100M000100Y43", "uscc:91350100M000100Y43", false)]
    [InlineData(IdType.OrgCode, "M000100Y-4", "org_code:M000100Y4", false)]
    public void SubjectIdentity_Parsed_HasCanonicalFormAndKind(IdType type, string raw, string canonical, bool isPerson)
    {
        Assert.True(IdentityParser.TryParse(type, raw, Today, out var identity, out _));
        Assert.Equal(canonical, identity.Canonical);
        Assert.Equal(isPerson, identity.IsPerson);
        Assert.Equal(!isPerson, identity.IsUnit);
    }

    [Theory]
    [InlineData("\u3000ａｂｃ－１２３ ", "ABC-123")]   // full-width folded, hyphen kept
    [InlineData(" a b ", "A B")]                        // inner space kept
    [InlineData("ＡＢｃｄ！～", "ABCD!~")]               // U+FF01 and U+FF5E are the ends of the range
    [InlineData("\uFF5F\uFF00", "\uFF5F\uFF00")]        // just outside the range: untouched
    [InlineData("ñı", "ñı")]                            // non-ASCII letters are not upper-cased
    [InlineData("", "")]
    public void Normalise_Raw_FoldsTrimsAndUpperCases(string raw, string expected) =>
        Assert.Equal(expected, IdentityParser.Normalise(raw));

    [Theory]
    [InlineData(IdType.OrgCode, "12345678-8", "123456788")]
    [InlineData(IdType.OrgCode, "1234567-88", "1234567-88")]
    [InlineData(IdType.Uscc, "12345678-8", "12345678-8")]
    [InlineData(IdType.Passport, "12345678-8", "12345678-8")]
    [InlineData(IdType.ResidentId, "12345678-8", "12345678-8")]
    public void Normalise_Hyphen_IsStrippedForOrgCodeOnly(IdType type, string raw, string expected) =>
        Assert.Equal(expected, IdentityParser.Normalise(type, raw));

    private static void AssertValid(IdType type, string raw, string expected)
    {
        Assert.True(IdentityParser.TryParse(type, raw, Today, out var identity, out var error), error);
        Assert.Null(error);
        Assert.Equal(type, identity.Type);
        Assert.Equal(expected, identity.Number);
    }

    private static void AssertInvalid(IdType type, string raw, string expectedError)
    {
        Assert.False(IdentityParser.TryParse(type, raw, Today, out var identity, out var error));
        Assert.Equal(expectedError, error);
        Assert.Equal(default, identity);
    }
}
