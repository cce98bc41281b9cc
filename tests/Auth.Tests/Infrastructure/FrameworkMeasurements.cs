using System.Diagnostics.Metrics;
using Glyphh.Auth.Diagnostics.Internal;

namespace Glyphh.Auth.Tests.Infrastructure;

/// <summary>Counts ASP.NET Core's own authentication and authorization measurements of one host from its start.</summary>
internal sealed class FrameworkMeasurements : IDisposable
{
    private readonly MeterListener _listener = new();
    private int _authentications;
    private int _authorizations;

    public FrameworkMeasurements(IMeterFactory factory)
    {
        _listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Meter.Name.StartsWith("Microsoft.AspNetCore.Auth", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, _, _, _) =>
        {
            if (instrument.Name == "aspnetcore.authentication.authenticate.duration")
            {
                Interlocked.Increment(ref _authentications);
            }
        });
        _listener.SetMeasurementEventCallback<long>((instrument, _, _, _) =>
        {
            if (instrument.Meter.Name == FrameworkMetrics.AuthorizationMeter)
            {
                Interlocked.Increment(ref _authorizations);
            }
        });
        _listener.Start();
    }

    public int Authentications => Volatile.Read(ref _authentications);

    public int Authorizations => Volatile.Read(ref _authorizations);

    public void Dispose() => _listener.Dispose();
}
