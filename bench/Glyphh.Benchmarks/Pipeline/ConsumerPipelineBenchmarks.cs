using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Glyphh.Benchmarks.Pipeline;

/// <summary>
/// The load harness's consumer service (<see cref="ConsumerApp"/>, variants A to E) without sockets: each request goes
/// through the real hosting pipeline on the caller's thread (<see cref="InlineServer"/>), so the SDK's share of a
/// request is not drowned in Kestrel's and the kernel's. The ratios of <c>bench/consumer/run.sh</c> include those.
/// </summary>
[MemoryDiagnoser]
public class ConsumerPipelineBenchmarks
{
    private WebApplication _app = null!;
    private InlineServer _server = null!;
    private string? _authorization;

    /// <summary>The consumer variant (see <see cref="ConsumerApp"/>).</summary>
    [Params("A", "B", "C", "D", "E", "F", "G")]
    public string Variant { get; set; } = "A";

    /// <summary>Starts the variant's host and checks it answers 200 with the token (and 401 without, but for A and F).</summary>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Warning);
        _server = new InlineServer();
        builder.Services.AddSingleton<IServer>(_server);
        var variant = ConsumerApp.Configure(builder, Variant);
        _app = builder.Build();
        ConsumerApp.Map(_app, variant);
        await _app.StartAsync();
        _authorization = "Bearer " + BenchJwt.Mint("bench", "p1");
        if (Request() != StatusCodes.Status200OK
            || (variant is not "A" and not "F" && _server.Get(ConsumerApp.ItemPath, null).Status != StatusCodes.Status401Unauthorized))
        {
            throw new InvalidOperationException($"Variant {variant} does not answer as the harness expects.");
        }
    }

    /// <summary>Stops the host.</summary>
    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>One GET of the item with a valid token.</summary>
    /// <returns>The status code.</returns>
    [Benchmark]
    public int Request() => _server.Get(ConsumerApp.ItemPath, _authorization).Status;
}
