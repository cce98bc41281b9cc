using System.Diagnostics;

namespace Glyphh.Samples.Hosting;

/// <summary>Helpers for the one line (and exit 1) a host prints when it cannot start, instead of a stack trace.</summary>
public static class StartupErrors
{
    /// <summary>Joins a multi-line message into one line.</summary>
    public static string OneLine(string text) =>
        string.Join(' ', (text ?? "").Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>
    /// True when a tool (WebApplicationFactory in the tests, the EF or OpenAPI tools) runs the entry point and listens for
    /// the host being built: start-up errors must then reach it as exceptions, not as a printed line and an exit code.
    /// </summary>
    public static bool UnderHostingTool()
    {
        // The same check HostBuilder makes before it reports HostBuilding/HostBuilt to such a tool.
        using var listener = new DiagnosticListener("Microsoft.Extensions.Hosting");
        return listener.IsEnabled();
    }
}
