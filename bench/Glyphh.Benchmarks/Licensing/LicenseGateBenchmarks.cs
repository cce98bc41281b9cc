using BenchmarkDotNet.Attributes;
using Glyphh.Licensing;
using Glyphh.Licensing.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Glyphh.Benchmarks.Licensing;

/// <summary>The per-request license gate on the allowed path (valid license): one snapshot read.</summary>
[MemoryDiagnoser]
public class LicenseGateBenchmarks
{
    private LicenseGateMiddleware _gate = null!;
    private DefaultHttpContext _context = null!;

    /// <summary>Builds a gate over a valid license snapshot.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var options = Options.Create(new GlyphhLicensingOptions { Mode = DeploymentMode.SelfHosted });
        var holder = new LicenseStateHolder(options, TimeProvider.System, NullLogger<LicenseStateHolder>.Instance);
        holder.Publish(new LicenseSnapshot(LicenseStatus.Valid, DeploymentMode.SelfHosted, EffectiveLimits.Unlimited, "valid", TimeProvider.System.GetUtcNow(), features: ["search"]));
        _gate = new LicenseGateMiddleware(_ => Task.CompletedTask, holder, options);
        _context = new DefaultHttpContext();
        _context.Request.Path = "/models/m1/glyphs/g1";
    }

    /// <summary>One request through the gate.</summary>
    /// <returns>The gate's task.</returns>
    [Benchmark]
    public Task Gate() => _gate.InvokeAsync(_context);
}
