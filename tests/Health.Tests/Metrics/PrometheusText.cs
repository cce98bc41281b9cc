using System.Globalization;
using System.Text.RegularExpressions;

namespace Glyphh.Health.Tests.Metrics;

/// <summary>A strict reader of the Prometheus text exposition format, enough to check what the exporter wrote.</summary>
internal sealed partial class PrometheusText
{
    private PrometheusText()
    {
    }

    public Dictionary<string, Family> Families { get; } = new(StringComparer.Ordinal);

    public static PrometheusText Parse(string text)
    {
        var result = new PrometheusText();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line[7..].Split(' ');
                Assert.Equal(2, parts.Length);
                Assert.False(result.Families.ContainsKey(parts[0]), $"TYPE of {parts[0]} appears twice");
                result.Families[parts[0]] = new Family(parts[0], parts[1]);
                continue;
            }
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var name = line[7..].Split(' ', 2)[0];
                Assert.True(result.Families.TryGetValue(name, out var family), $"HELP of {name} before its TYPE");
                family!.Help = line[(7 + name.Length)..].Trim();
                continue;
            }
            Assert.False(line.StartsWith('#'), $"unexpected comment: {line}");

            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a sample line: {line}");
            var sampleName = match.Groups["name"].Value;
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match label in LabelPair().Matches(match.Groups["labels"].Value))
            {
                labels[label.Groups["key"].Value] = label.Groups["value"].Value;
            }
            var value = double.Parse(match.Groups["value"].Value.Replace("+Inf", "Infinity", StringComparison.Ordinal), CultureInfo.InvariantCulture);
            var owner = result.Families.Values.LastOrDefault(f => sampleName == f.Name
                || (f.Type == "histogram" && (sampleName == f.Name + "_bucket" || sampleName == f.Name + "_sum" || sampleName == f.Name + "_count")));
            Assert.True(owner is not null, $"sample {sampleName} has no TYPE line");
            owner!.Samples.Add(new Sample(sampleName, labels, value));
        }
        return result;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( \d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();

    internal sealed class Family(string name, string type)
    {
        public string Name { get; } = name;

        public string Type { get; } = type;

        public string? Help { get; set; }

        public List<Sample> Samples { get; } = [];
    }

    internal sealed record Sample(string Name, Dictionary<string, string> Labels, double Value);
}
