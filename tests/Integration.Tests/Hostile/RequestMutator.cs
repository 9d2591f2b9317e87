using System.Text;

namespace JointPunishment.Integration.Tests.Hostile;

/// <summary>
/// Turns a valid request body into a hostile one: byte flips, cut and repeated ranges, invalid UTF-8, deep nesting,
/// absurd lengths, wrong types, injection strings and unknown fields. Deterministic for a given <see cref="Random"/>.
/// </summary>
public static class RequestMutator
{
    private static readonly string[] Payloads =
    [
        "'; DROP TABLE orleansstorage; --", "\" OR 1=1 --", "<script>alert(1)</script>", "${jndi:ldap://x}", "../../etc/passwd",
        "\\u0000", "\\ud800", "\\udfff\\ud800", "💥", "１１０１０１１９９００３０７１２３Ｘ", "-1", "1e309", "null", "true", "[]", "{}",
        new string('9', 5_000), new string('字', 20_000),
    ];

    public static byte[] Mutate(string valid, Random random)
    {
        var bytes = Encoding.UTF8.GetBytes(valid).ToList();
        var rounds = random.Next(1, 4);
        for (var r = 0; r < rounds; r++)
        {
            switch (random.Next(10))
            {
                case 0: // flip a byte
                    if (bytes.Count > 0)
                    {
                        bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                    }

                    break;
                case 1: // cut a range
                    if (bytes.Count > 2)
                    {
                        var at = random.Next(bytes.Count - 1);
                        bytes.RemoveRange(at, random.Next(1, Math.Min(40, bytes.Count - at)));
                    }

                    break;
                case 2: // repeat a range
                    if (bytes.Count > 2)
                    {
                        var at = random.Next(bytes.Count - 1);
                        var range = bytes.GetRange(at, random.Next(1, Math.Min(60, bytes.Count - at)));
                        bytes.InsertRange(at, Enumerable.Repeat(range, random.Next(1, 50)).SelectMany(x => x));
                    }

                    break;
                case 3: // invalid UTF-8
                    bytes.InsertRange(random.Next(bytes.Count), [0xC3, 0x28, 0xFF, 0xFE]);
                    break;
                default: // textual mutations keep the JSON mostly well-formed, so the validators are reached
                    var text = Encoding.UTF8.GetString([.. bytes]);
                    bytes = Encoding.UTF8.GetBytes(MutateText(text, random)).ToList();
                    break;
            }
        }

        return [.. bytes];
    }

    private static string MutateText(string text, Random random)
    {
        var quotes = Enumerable.Range(0, text.Length).Where(i => text[i] == '"').ToArray();
        switch (random.Next(6))
        {
            case 0 when quotes.Length >= 4: // replace a string value with a payload
                var start = quotes[random.Next(quotes.Length / 2) * 2 + 1 < quotes.Length ? random.Next(quotes.Length / 2) * 2 + 1 : 1];
                var end = text.IndexOf('"', start + 1);
                return end < 0 ? text : text[..(start + 1)] + Payloads[random.Next(Payloads.Length)] + text[end..];
            case 1: // an unknown field
                var brace = text.IndexOf('{', StringComparison.Ordinal);
                return brace < 0 ? text : text[..(brace + 1)] + "\"unexpected\":1," + text[(brace + 1)..];
            case 2: // deep nesting
                return text.Replace(":", ":" + new string('[', random.Next(20, 200)), StringComparison.Ordinal);
            case 3: // strings become numbers, objects become strings
                return text.Replace("\"consumption.", "1", StringComparison.Ordinal).Replace("{\"idType", "\"{idType", StringComparison.Ordinal);
            case 4: // an absurdly long value
                return text.Replace("\"name\":\"", "\"name\":\"" + new string('名', random.Next(1_000, 100_000)), StringComparison.Ordinal);
            default: // drop the body
                return random.Next(2) == 0 ? "" : "[]";
        }
    }
}
