using System.Text;

namespace JointPunishment.Importer.Tests.Fakes;

/// <summary>A court's list as Excel on a Chinese Windows saves it: CSV in GB18030 (GBK), CRLF line ends.</summary>
public static class CourtFiles
{
    public const string Header = "eventId,type,caseNumber,idType,idNumber,name,on,listedOn,public,officers";

    static CourtFiles() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Gb18030 => Encoding.GetEncoding("gb18030");

    /// <summary>Three valid listings of debtors with Chinese names (a person, a unit with its legal representative, a person).</summary>
    public static readonly string[] GoodRows =
    [
        "g1,listed,(2024)京0101执1号,resident_id,11010519491231002X,张三,,2024-03-01,true,",
        "g2,listed,(2024)京0101执2号,uscc,91350100M000100Y43,福建某某贸易有限公司,,2024-03-01,false,legal_representative|resident_id|11010519491231002X|李四",
        "g3,risk_notice,(2024)京0101执3号,passport,E12345678,王五,,,,",
    ];

    public static readonly string[] GoodNames = ["张三", "福建某某贸易有限公司", "王五"];

    /// <summary>The rows as one CSV text with a header, CRLF line ends.</summary>
    public static string Csv(params string[] rows) => string.Join("\r\n", [Header, .. rows]) + "\r\n";

    /// <summary>Writes <paramref name="text"/> in GB18030.</summary>
    public static string WriteGb18030(TempFolder folder, string name, string text)
    {
        var path = Path.Combine(folder.Path, name);
        File.WriteAllBytes(path, Gb18030.GetBytes(text));
        return path;
    }
}
