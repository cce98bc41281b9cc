using Glyphh.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Glyphh.Fuzz.Tests.Support;

/// <summary>The sample runtime (its real Program) in local mode on TestServer, with its embedded database in a temp directory.</summary>
internal sealed class RuntimeFactory : WebApplicationFactory<Program>
{
    private readonly TempDirectory _dir = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("DEPLOYMENT_MODE", "local");
        builder.UseSetting("GLYPHH_DATA_DIR", _dir.Path);
        // The fuzzers send thousands of admin requests; the admin rate limit (10 a minute) has its own tests.
        builder.UseSetting("RATE_LIMIT_ADMIN_PER_MINUTE", "0");
        builder.ConfigureLogging(l => l.ClearProviders());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _dir.Dispose();
        }
    }
}
