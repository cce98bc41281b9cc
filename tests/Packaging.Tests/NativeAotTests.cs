using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Glyphh.Packaging.Tests;

/// <summary>The consumer app published as a Native AOT binary: no trim or AOT warning, and it works.</summary>
[Collection(PackageFeedCollection.Name)]
public sealed partial class NativeAotTests(PackageFeed feed, ITestOutputHelper output)
{
    [Fact]
    public async Task PublishAot_ConsumerApp_HasNoTrimOrAotWarningsAndAnswers()
    {
        var directory = feed.CreateConsumerApp("consumer-aot");
        var publishDirectory = Path.Combine(directory, "publish");

        // Warnings stay warnings here so that every one of them is listed, not just the first error.
        var publish = await DotNetCli.RunAsync(
            directory, TimeSpan.FromMinutes(15), "publish", "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true",
            "-p:TreatWarningsAsErrors=false", "--disable-build-servers", "-p:GlyphhVersion=" + feed.Version, "-o", publishDirectory);
        output.WriteLine($"AOT publish {publish.Duration.TotalSeconds:F0} s");
        Assert.True(publish.ExitCode == 0, "the AOT publish failed:\n" + publish.Output);

        var warnings = ILWarning().Matches(publish.Output).Select(m => m.Value.Trim()).Distinct().ToList();
        Assert.True(warnings.Count == 0, "trim/AOT warnings:\n" + string.Join('\n', warnings));
        Assert.DoesNotMatch(@"warning [A-Z]+\d+", publish.Output);

        var binary = Path.Combine(publishDirectory, "ConsumerApp");
        Assert.True(File.Exists(binary), "no native binary at " + binary);
        Assert.False(File.Exists(Path.Combine(publishDirectory, "ConsumerApp.dll")), "the publish holds IL, not a native binary");
        output.WriteLine($"native binary {new FileInfo(binary).Length:N0} bytes");

        await using var app = await RunningApp.StartAsync(binary, publishDirectory);
        await ConsumerAppAssertions.AnswersHealthAndProtectedEndpointAsync(app);
    }

    [GeneratedRegex(@"^.*(warning|error) IL\d{4}.*$", RegexOptions.Multiline)]
    private static partial Regex ILWarning();
}
