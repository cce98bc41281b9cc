using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Glyphh.TestSupport;

/// <summary>The built sample runtime as a child process on 127.0.0.1, configured by environment variables as an operator would.</summary>
public sealed class RuntimeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private RuntimeProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public bool HasExited => _process.HasExited;

    public string Output => string.Join('\n', _output);

    public static async Task<RuntimeProcess> StartAsync(IReadOnlyDictionary<string, string> environment, TimeSpan? readyWithin = null)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(Binary());
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["DEPLOYMENT_MODE"] = "local";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__Glyphh"] = "Information";
        // Tests poll GET /license far more often than the admin routes' default 10 a minute; a test of that
        // limit sets its own value.
        info.Environment["RATE_LIMIT_ADMIN_PER_MINUTE"] = "0";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        var runtime = new RuntimeProcess(Process.Start(info)!, new Uri($"http://127.0.0.1:{port}"));
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < (readyWithin ?? TimeSpan.FromSeconds(120)))
        {
            if (runtime.HasExited)
            {
                throw new InvalidOperationException("The runtime exited at start-up: " + runtime.Output);
            }
            try
            {
                using var live = await runtime.Client.GetAsync("/health");
                if (live.IsSuccessStatusCode)
                {
                    return runtime;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        await runtime.DisposeAsync();
        throw new TimeoutException("The runtime did not answer /health in time.");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush, as the kernel's OOM killer or a power cut would.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
            while (_output.Count > 400 && _output.TryDequeue(out _))
            {
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Binary()
    {
        var path = Path.Combine(RepositoryRoot.Path, "samples/Runtime/bin/Release/net10.0/Glyphh.Runtime.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the runtime first: dotnet build samples/Runtime -c Release", path);
    }
}
