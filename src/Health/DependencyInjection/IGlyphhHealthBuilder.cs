using Microsoft.Extensions.DependencyInjection;

namespace Glyphh.Health;

/// <summary>
/// Returned by <c>AddGlyphhHealth</c>: a health checks builder (so <c>AddCheck</c>, the <c>AddGlyphh*Check</c> methods and
/// other packages' checks chain on it) that also carries companions such as <c>AddPrometheusExporter()</c>.
/// </summary>
public interface IGlyphhHealthBuilder : IHealthChecksBuilder;
