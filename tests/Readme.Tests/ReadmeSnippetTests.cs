using System.Text.RegularExpressions;
using Glyphh.TestSupport;

namespace Glyphh.Readme.Tests;

/// <summary>
/// Every C# block of a package README is preceded by <c>&lt;!-- snippet: Name --&gt;</c> and equals <c>#region Name</c> in a
/// file under Snippets/ (after removing common indentation), so what a reader copies is code this project compiles.
/// </summary>
public sealed partial class ReadmeSnippetTests
{
    /// <summary>The READMEs held to the rule; a package adds its own here.</summary>
    public static readonly TheoryData<string> Readmes =
    [
        "src/Auth/README.md",
        "src/Quotas/README.md",
        "src/Health/README.md",
        "src/Health.Prometheus/README.md",
        "src/Licensing/README.md",
        "src/Licensing.Issuing/README.md",
        "src/Licensing.Protocol/README.md",
    ];

    [Theory]
    [MemberData(nameof(Readmes))]
    public void EveryCSharpBlock_IsACompiledSnippet(string readme)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.Path, readme));
        var regions = SnippetRegions();
        var blocks = ReadmeBlocks.Parse(text);
        Assert.NotEmpty(blocks);
        foreach (var block in blocks)
        {
            Assert.True(block.Snippet is not null,
                $"{readme}:{block.Line}: a csharp block is not preceded by <!-- snippet: Name -->.");
            Assert.True(regions.TryGetValue(block.Snippet, out var region),
                $"{readme}:{block.Line}: snippet '{block.Snippet}' has no #region {block.Snippet} under tests/Readme.Tests/Snippets/.");
            Assert.Equal(ReadmeBlocks.Dedent(region), ReadmeBlocks.Dedent(block.Code));
        }
    }

    [Fact]
    public void Parse_FindsUnmarkedBlocks()
    {
        var blocks = ReadmeBlocks.Parse("text\n\n```csharp\nvar a = 1;\n```\n<!-- snippet: B -->\n```csharp\n  var b = 2;\n```\n");
        Assert.Equal(2, blocks.Count);
        Assert.Null(blocks[0].Snippet);
        Assert.Equal("B", blocks[1].Snippet);
        Assert.Equal("var b = 2;", ReadmeBlocks.Dedent(blocks[1].Code));
    }

    /// <summary>Every <c>#region Name</c> ... <c>#endregion</c> of the snippet files, by name; a name used twice fails.</summary>
    private static Dictionary<string, string> SnippetRegions()
    {
        var regions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "tests/Readme.Tests/Snippets"), "*.cs", SearchOption.AllDirectories))
        {
            foreach (Match match in Region().Matches(File.ReadAllText(file).ReplaceLineEndings("\n")))
            {
                Assert.True(regions.TryAdd(match.Groups["name"].Value, match.Groups["code"].Value),
                    $"#region {match.Groups["name"].Value} is defined twice (second in {file}).");
            }
        }

        return regions;
    }

    [GeneratedRegex(@"^[ \t]*#region (?<name>\S+)[ \t]*\n(?<code>.*?)^[ \t]*#endregion", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Region();
}

/// <summary>The fenced <c>csharp</c> blocks of a markdown text and the snippet marker before each.</summary>
internal static class ReadmeBlocks
{
    public sealed record Block(int Line, string? Snippet, string Code);

    public static List<Block> Parse(string markdown)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var blocks = new List<Block>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].TrimStart().StartsWith("```csharp", StringComparison.Ordinal))
            {
                continue;
            }

            // The marker is the nearest non-blank line above the fence.
            var above = i - 1;
            while (above >= 0 && string.IsNullOrWhiteSpace(lines[above]))
            {
                above--;
            }

            string? name = null;
            if (above >= 0 && lines[above].Trim() is var marker && marker.StartsWith("<!-- snippet:", StringComparison.Ordinal) && marker.EndsWith("-->", StringComparison.Ordinal))
            {
                name = marker["<!-- snippet:".Length..^"-->".Length].Trim();
            }

            var start = i + 1;
            var end = start;
            while (end < lines.Length && !lines[end].TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                end++;
            }

            blocks.Add(new Block(i + 1, name, string.Join('\n', lines[start..end])));
            i = end;
        }

        return blocks;
    }

    /// <summary>Removes the indentation common to the non-blank lines, trailing spaces, and blank lines at either end.</summary>
    public static string Dedent(string code)
    {
        var lines = code.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd()).ToList();
        while (lines.Count > 0 && lines[0].Length == 0)
        {
            lines.RemoveAt(0);
        }

        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        var indent = lines.Where(l => l.Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join('\n', lines.Select(l => l.Length == 0 ? l : l[indent..]));
    }
}
