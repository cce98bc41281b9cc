using Glyphh.Runtime.Tests.Support;
using Glyphh.TestSupport;

namespace Glyphh.Runtime.Tests;

/// <summary>An outside linter (the pinned <c>redocly lint</c>, recommended rules) finds no error in the document the runtime serves.</summary>
public sealed class OpenApiLintTests
{
    [Fact]
    public async Task Document_RedoclyLint_ReportsNoErrors()
    {
        using var dir = new TempDirectory();
        await using var runtime = await RuntimeInstance.StartAsync(await StorageKind.SettingsAsync(false, dir.Path));
        var response = await runtime.Client.GetAsync(new Uri("/docs/openapi.json", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        await RedoclyLint.AssertNoErrorsAsync(await response.Content.ReadAsStringAsync(), "runtime");
    }
}
