using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Glyphh.Health.Internal.Readiness;

/// <summary>The result of one check in one readiness run.</summary>
internal sealed record CheckOutcome(string Key, HealthStatus Status, TimeSpan Duration, string Description, Exception? Exception);
