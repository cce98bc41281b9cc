using System.Diagnostics.Metrics;

namespace Glyphh.Licensing.Internal;

/// <summary>The <c>Glyphh.Licensing</c> meter: state, time to expiry, grace left, validations, transitions.</summary>
internal sealed class LicensingMetrics
{
    public const string MeterName = GlyphhLicensingDiagnostics.MeterName;

    private readonly Counter<long> _validations;
    private readonly Counter<long> _transitions;

    public LicensingMetrics(IMeterFactory meterFactory, LicenseStateHolder state, TimeProvider timeProvider)
    {
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge(
            "glyphh.license.state",
            () => Observe(state.Current),
            unit: "{state}",
            description: "1 for the current license state (tag state), 0 for the others.");
        meter.CreateObservableGauge(
            "glyphh.license.expiry.remaining",
            () => state.Current.ExpiresAt is { } expires ? [new Measurement<double>(Math.Max(0, (expires - timeProvider.GetUtcNow()).TotalSeconds))] : Array.Empty<Measurement<double>>(),
            unit: "s",
            description: "Seconds until the license expires.");
        meter.CreateObservableGauge(
            "glyphh.license.grace.remaining",
            () => state.Current is { Status: LicenseStatus.Grace, GraceEndsAt: { } end } ? Math.Max(0, (end - timeProvider.GetUtcNow()).TotalSeconds) : 0,
            unit: "s",
            description: "Seconds of grace left (0 outside grace).");
        _validations = meter.CreateCounter<long>("glyphh.license.validations", "{validation}", "Online validations by outcome.");
        _transitions = meter.CreateCounter<long>("glyphh.license.transitions", "{transition}", "License state transitions.");
        state.Changed += (_, e) =>
        {
            if (e.Previous.Status != e.Current.Status)
            {
                _transitions.Add(1, new KeyValuePair<string, object?>("from", e.Previous.Status.ToName()), new KeyValuePair<string, object?>("to", e.Current.Status.ToName()));
            }
        };
    }

    public void Validation(string outcome) => _validations.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    private static IEnumerable<Measurement<int>> Observe(LicenseSnapshot snapshot)
    {
        var mode = new KeyValuePair<string, object?>("mode", snapshot.Mode.ToName());
        foreach (var status in LicenseStatusNames.All)
        {
            yield return new Measurement<int>(status == snapshot.Status ? 1 : 0, new KeyValuePair<string, object?>("state", status.ToName()), mode);
        }
    }
}
