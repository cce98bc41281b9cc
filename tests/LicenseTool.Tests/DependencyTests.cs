using System.Text.Json;

namespace Glyphh.LicenseTool.Tests;

/// <summary>The tool runs on plain .NET: the wire format and issuing, never ASP.NET Core or the licensing runtime.</summary>
public sealed class DependencyTests
{
    [Fact]
    public void BuiltTool_RunsOnTheBaseFrameworkOnly()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "glyphh-license.runtimeconfig.json")));
        var options = config.RootElement.GetProperty("runtimeOptions");
        var frameworks = options.TryGetProperty("frameworks", out var list)
            ? list.EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList()
            : [options.GetProperty("framework").GetProperty("name").GetString()];

        Assert.Equal(["Microsoft.NETCore.App"], frameworks);
    }

    [Fact]
    public void BuiltTool_DependsOnProtocolAndIssuing_NotOnAspNetCoreOrTheRuntimePackage()
    {
        using var deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "glyphh-license.deps.json")));
        var libraries = deps.RootElement.GetProperty("libraries").EnumerateObject().Select(l => l.Name.Split('/')[0]).ToList();

        Assert.Contains("Glyphh.Licensing.Protocol", libraries);
        Assert.Contains("Glyphh.Licensing.Issuing", libraries);
        Assert.DoesNotContain("Glyphh.Licensing", libraries);
        Assert.DoesNotContain(libraries, l => l.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain(libraries, l => l.StartsWith("Microsoft.Extensions", StringComparison.Ordinal));
    }

    [Fact]
    public void ToolAssembly_ReferencesNoAspNetCoreAssembly()
    {
        var references = typeof(LicenseToolApp).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Contains("Glyphh.Licensing.Protocol", references);
        Assert.DoesNotContain("Glyphh.Licensing", references);
        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }
}
