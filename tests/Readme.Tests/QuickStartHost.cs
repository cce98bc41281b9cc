using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Glyphh.Readme.Tests;

/// <summary>
/// Runs a README quick start exactly as written (its <c>app.Run()</c> included) on its own thread with Kestrel on a free
/// loopback port, and stops it when disposed. The host is caught from the hosting diagnostic events, the way
/// WebApplicationFactory finds a top-level program's host.
/// </summary>
internal sealed class QuickStartHost : IAsyncDisposable, IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private readonly TaskCompletionSource<IHost> _built = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<IDisposable> _subscriptions = [];
    private int _threadId;
    private IHost? _host;

    private QuickStartHost()
    {
    }

    public HttpClient Client { get; private set; } = null!;

    public IServiceProvider Services => _host!.Services;

    /// <summary>Starts <paramref name="main"/> with <paramref name="settings"/> as command-line configuration and waits until it listens.</summary>
    public static async Task<QuickStartHost> StartAsync(Action<string[]> main, IReadOnlyDictionary<string, string> settings)
    {
        var host = new QuickStartHost();
        host._subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(host));
        string[] args = ["--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", .. settings.Select(s => $"--{s.Key}={s.Value}")];
        var thread = new Thread(() =>
        {
            host._threadId = Environment.CurrentManagedThreadId;
            try
            {
                main(args);
                host._built.TrySetException(new InvalidOperationException("The quick start returned without building a host."));
                host._exited.TrySetResult();
            }
            catch (Exception e)
            {
                host._built.TrySetException(e);
                host._exited.TrySetException(e);
            }
        }) { IsBackground = true, Name = "README quick start" };
        thread.Start();

        var built = await host._built.Task.WaitAsync(TimeSpan.FromMinutes(2));
        var lifetime = built.Services.GetRequiredService<IHostApplicationLifetime>();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await Task.WhenAny(started.Task, host._exited.Task).Unwrap().WaitAsync(TimeSpan.FromMinutes(2));
        }

        var address = built.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host.Client = new HttpClient { BaseAddress = new Uri(address) };
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }

        if (_host is not null)
        {
            _host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
            await _exited.Task.WaitAsync(TimeSpan.FromMinutes(1));
        }
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener value)
    {
        if (value.Name == "Microsoft.Extensions.Hosting")
        {
            _subscriptions.Add(value.Subscribe(this));
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        // Other tests' hosts raise the same events: only the quick start's own thread counts.
        if (value.Key == "HostBuilt" && value.Value is IHost built && Environment.CurrentManagedThreadId == _threadId)
        {
            _host = built;
            _built.TrySetResult(built);
        }
    }

    void IObserver<DiagnosticListener>.OnCompleted()
    {
    }

    void IObserver<DiagnosticListener>.OnError(Exception error)
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted()
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error)
    {
    }
}
