using Glyphh.LicenseServer;
using Glyphh.LicenseServer.Configuration;
using Glyphh.Samples.Hosting;

// Asked before the host is built: a test factory stops listening once it has the host.
var underTool = StartupErrors.UnderHostingTool();
WebApplication? app = null;
try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddLicenseServer();
    app = builder.Build();
    await app.UseLicenseServerAsync().ConfigureAwait(false);
    await app.StartAsync().ConfigureAwait(false);
}
catch (Exception ex) when (!underTool && StartupFailure.Describe(ex) is { } line)
{
    // What stops start-up is one line and exit 1, like the runtime; an unexpected exception keeps its trace.
    await Console.Error.WriteLineAsync(StartupFailure.Prefix + line).ConfigureAwait(false);
    if (app is not null)
    {
        await app.DisposeAsync().ConfigureAwait(false);
    }
    return 1;
}
await app.WaitForShutdownAsync().ConfigureAwait(false);
await app.DisposeAsync().ConfigureAwait(false);
return 0;

/// <summary>Entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
