using System.Text;

namespace Glyphh.Fuzz.Tests.Support;

/// <summary>Seeded mutations of bytes and text: every failure names its seed and index, so it replays.</summary>
internal sealed class Mutator(int seed)
{
    private static readonly string[] Interesting =
    [
        "", " ", "\0", "\r\n", "\t", "null", "true", "-1", "0", "1e309", "NaN", "9223372036854775808", "%00", "%", "..", "/", "\\", "*",
        "\"", "'", "{", "}", "[", "]", ":", ",", "=", "&", "?", "#", "@", "\u00e9", "\u202e", "\ud83d\ude00", "\uffff", "A", "AAAA====", "-----",
    ];

    public Random Random { get; } = new(seed);

    public int Seed { get; } = seed;

    public byte[] Mutate(byte[] input)
    {
        var data = new List<byte>(input);
        var rounds = 1 + Random.Next(3);
        for (var r = 0; r < rounds; r++)
        {
            switch (Random.Next(data.Count == 0 ? 1 : 7))
            {
                case 0:
                    data.Insert(Random.Next(data.Count + 1), (byte)Random.Next(256));
                    break;
                case 1:
                    var bit = Random.Next(data.Count * 8);
                    data[bit / 8] ^= (byte)(1 << (bit % 8));
                    break;
                case 2:
                    data[Random.Next(data.Count)] = (byte)Random.Next(256);
                    break;
                case 3:
                    data.RemoveAt(Random.Next(data.Count));
                    break;
                case 4:
                    var cut = Random.Next(data.Count);
                    data.RemoveRange(cut, data.Count - cut);
                    break;
                case 5:
                    var start = Random.Next(data.Count);
                    var length = Math.Min(1 + Random.Next(16), data.Count - start);
                    data.InsertRange(Random.Next(data.Count), data.GetRange(start, length));
                    break;
                default:
                    data[Random.Next(data.Count)] = (byte)(Random.Next(2) == 0 ? 0x00 : 0xFF);
                    break;
            }
        }
        return [.. data];
    }

    public string Mutate(string input)
    {
        var text = new StringBuilder(input);
        var rounds = 1 + Random.Next(3);
        for (var r = 0; r < rounds; r++)
        {
            var at = Random.Next(text.Length + 1);
            switch (Random.Next(text.Length == 0 ? 2 : 7))
            {
                case 0:
                    text.Insert(at, Interesting[Random.Next(Interesting.Length)]);
                    break;
                case 1:
                    text.Insert(at, (char)Random.Next(32, 127));
                    break;
                case 2:
                    text.Remove(Math.Min(at, text.Length - 1), 1);
                    break;
                case 3:
                    text[Math.Min(at, text.Length - 1)] = (char)Random.Next(32, 127);
                    break;
                case 4:
                    text.Length = Math.Min(at, text.Length);
                    break;
                case 5:
                    var i = Math.Min(at, text.Length - 1);
                    text[i] = char.IsUpper(text[i]) ? char.ToLowerInvariant(text[i]) : char.ToUpperInvariant(text[i]);
                    break;
                default:
                    var s = Random.Next(text.Length);
                    var len = Math.Min(1 + Random.Next(32), text.Length - s);
                    text.Insert(at, text.ToString(s, len));
                    break;
            }
        }
        return text.ToString();
    }

    public string RandomText(int maxLength)
    {
        var length = Random.Next(maxLength + 1);
        var text = new StringBuilder(length);
        while (text.Length < length)
        {
            text.Append(Random.Next(4) switch
            {
                0 => Interesting[Random.Next(Interesting.Length)],
                1 => ((char)Random.Next(0, 0xD800)).ToString(),
                _ => ((char)Random.Next(32, 127)).ToString(),
            });
        }
        return text.ToString();
    }
}
