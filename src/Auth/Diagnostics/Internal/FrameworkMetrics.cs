using System.Diagnostics.Metrics;

namespace Glyphh.Auth.Diagnostics.Internal;

/// <summary>
/// Whether anyone listens to ASP.NET Core's own authentication or authorization instruments in this host. The fast
/// lanes skip the framework code that records them, so while they are observed every request takes the framework's
/// path and its measurements stay exact. Watches the instruments the host's meter factory makes without enabling any.
/// </summary>
internal sealed class FrameworkMetrics : IDisposable
{
    public const string AuthenticationMeter = "Microsoft.AspNetCore.Authentication";
    public const string AuthorizationMeter = "Microsoft.AspNetCore.Authorization";

    private readonly MeterListener _listener;
    private readonly Lock _gate = new();
    private Instrument[] _authentication = [];
    private Instrument[] _authorization = [];

    public FrameworkMetrics(IMeterFactory meterFactory)
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                // Only this host's meters: other hosts in the process have their own factory (the meter's scope).
                if (!ReferenceEquals(instrument.Meter.Scope, meterFactory))
                {
                    return;
                }

                lock (_gate)
                {
                    switch (instrument.Meter.Name)
                    {
                        case AuthenticationMeter:
                            _authentication = [.. _authentication, instrument];
                            break;
                        case AuthorizationMeter:
                            _authorization = [.. _authorization, instrument];
                            break;
                    }
                }
            },
        };
        _listener.Start();
    }

    public bool AuthenticationObserved => AnyEnabled(Volatile.Read(ref _authentication));

    public bool AuthorizationObserved => AnyEnabled(Volatile.Read(ref _authorization));

    private static bool AnyEnabled(Instrument[] instruments)
    {
        foreach (var instrument in instruments)
        {
            if (instrument.Enabled)
            {
                return true;
            }
        }

        return false;
    }

    public void Dispose() => _listener.Dispose();
}
