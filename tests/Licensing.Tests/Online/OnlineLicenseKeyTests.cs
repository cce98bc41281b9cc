using Glyphh.Licensing.Issuing;

namespace Glyphh.Licensing.Tests.Online;

public sealed class OnlineLicenseKeyTests
{
    [Fact]
    public void Generate_ProducesWellFormedDistinctKeys()
    {
        var keys = Enumerable.Range(0, 200).Select(_ => OnlineLicenseKeyGenerator.Generate()).ToList();

        Assert.All(keys, k => Assert.Matches("^GLYPHH-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$", k));
        Assert.All(keys, k => Assert.True(OnlineLicenseKey.IsWellFormed(k)));
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void IsWellFormed_AnySingleCharacterChanged_ReturnsFalse()
    {
        var key = OnlineLicenseKeyGenerator.Generate();
        for (var i = OnlineLicenseKey.Prefix.Length; i < key.Length; i++)
        {
            if (key[i] == '-')
            {
                continue;
            }

            foreach (var c in OnlineLicenseKey.Alphabet)
            {
                if (c == key[i])
                {
                    continue;
                }

                var changed = string.Concat(key.AsSpan(0, i), c.ToString(), key.AsSpan(i + 1));
                Assert.False(OnlineLicenseKey.IsWellFormed(changed), changed);
            }
        }
    }

    [Fact]
    public void TryNormalize_LowercaseAndAliases_Normalizes()
    {
        var key = OnlineLicenseKeyGenerator.Generate();
        var typed = "  " + key.ToLowerInvariant().Replace('0', 'o').Replace('1', 'l') + " ";

        Assert.True(OnlineLicenseKey.TryNormalize(typed, out var normalized));
        Assert.Equal(key, normalized);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("GLYPHH-0000-0000-0000-0001")]
    [InlineData("GLYPH-0000-0000-0000-0000")]
    [InlineData("GLYPHH-0000-0000-0000-00000")]
    [InlineData("GLYPHH-0000+0000-0000-0000")]
    [InlineData("GLYPHH-UUUU-0000-0000-0000")]
    public void IsWellFormed_Malformed_ReturnsFalse(string? value) => Assert.False(OnlineLicenseKey.IsWellFormed(value));
}
