using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Glyphh.Packaging.Tests;

/// <summary>The consumer app running as its own process on 127.0.0.1 and a free port.</summary>
internal sealed class RunningApp : IAsyncDisposable
{
    public const string JwtSecret = "packaging-test-secret-0123456789abcdef0123456789abcdef";

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private RunningApp(Process process, HttpClient client)
    {
        _process = process;
        Client = client;
    }

    public HttpClient Client { get; }

    public string Output
    {
        get { lock (_output) { return _output.ToString(); } }
    }

    /// <summary>Starts <paramref name="fileName"/> (the native binary, or dotnet with the app's dll) and waits for <c>/health</c>.</summary>
    public static async Task<RunningApp> StartAsync(string fileName, string workingDirectory, params string[] args)
    {
        var port = FreePort();
        var start = DotNetCli.CreateStartInfo(fileName, workingDirectory, [.. args, "--urls", $"http://127.0.0.1:{port}"]);
        start.Environment["JWT_SECRET_KEY"] = JwtSecret;
        start.Environment["DATA_DIR"] = Path.Combine(workingDirectory, "data");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = new Process { StartInfo = start };
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        var app = new RunningApp(process, client);
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with {process.ExitCode} before answering:\n{app.Output}");
            }
            try
            {
                using var response = await client.GetAsync("/health");
                return app;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200);
            }
        }
        await app.DisposeAsync();
        throw new TimeoutException("The app did not answer /health within 90 s:\n" + app.Output);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output) { _output.AppendLine(line); }
        }
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
}
