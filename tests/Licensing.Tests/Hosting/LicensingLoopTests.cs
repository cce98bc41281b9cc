using Glyphh.Licensing.Tests.Support;
using Glyphh.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Glyphh.Licensing.Tests.Hosting;

/// <summary>The background loop's timer, driven by a fake clock through a real host.</summary>
public sealed class LicensingLoopTests : IDisposable
{
    private static readonly TestPki Pki = new();
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new(TestPki.T0.AddDays(10));

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task TheNextTick_CountsFromTheTicksClockRead_NotFromAfterTimeThatPassedWhileSaving()
    {
        // The first save takes (fake) half an hour; the tick asked for an hour's sleep (a valid offline license far from expiry).
        var store = new SlowFirstSaveStore(_time, TimeSpan.FromMinutes(30));
        var start = _time.GetUtcNow();
        await using var app = await LicensedApp.StartAsync(
            _time,
            o =>
            {
                o.Mode = DeploymentMode.SelfHosted;
                o.LicenseKey = Pki.Issuer.IssueLicense(TestPki.Claims());
                o.RootCertificatesPem = Pki.RootPem;
                o.DataDirectory = _data.Path;
                o.MachineId = "machine-a";
            },
            s => s.AddSingleton<ILicenseStateStore>(store));

        await store.WaitForSavesAsync(1);
        Assert.Equal(start.AddMinutes(30), _time.GetUtcNow());

        // An hour after the tick read the clock, the next tick runs (before: an hour after the save ended).
        _time.Advance(TimeSpan.FromMinutes(30));
        await store.WaitForSavesAsync(2);
        Assert.Equal(start.AddHours(1), store.Saves[1].HighWaterMark);
        Assert.Equal(LicenseStatus.Valid, app.State.Current.Status);
    }

    /// <summary>Keeps saves in memory; the first one moves the fake clock on, as a slow disk would.</summary>
    private sealed class SlowFirstSaveStore(FakeTimeProvider time, TimeSpan firstSaveTakes) : ILicenseStateStore
    {
        private readonly List<PersistedLicenseState> _saves = [];

        public IReadOnlyList<PersistedLicenseState> Saves
        {
            get
            {
                lock (_saves)
                {
                    return [.. _saves];
                }
            }
        }

        public ValueTask<PersistedLicenseState?> LoadAsync(CancellationToken cancellationToken) => ValueTask.FromResult<PersistedLicenseState?>(null);

        public ValueTask SaveAsync(PersistedLicenseState state, CancellationToken cancellationToken)
        {
            bool first;
            lock (_saves)
            {
                _saves.Add(state);
                first = _saves.Count == 1;
            }

            if (first)
            {
                time.Advance(firstSaveTakes);
            }

            return ValueTask.CompletedTask;
        }

        /// <summary>Waits (real time, bounded) until <paramref name="count"/> saves happened.</summary>
        public async Task WaitForSavesAsync(int count)
        {
            for (var i = 0; i < 400 && Saves.Count < count; i++)
            {
                await Task.Delay(15);
            }

            Assert.True(Saves.Count >= count, $"Expected {count} saves; there were {Saves.Count}.");
        }
    }
}
