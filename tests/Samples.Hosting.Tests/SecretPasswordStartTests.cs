using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Glyphh.TestSupport;

namespace Glyphh.Samples.Hosting.Tests;

/// <summary>
/// Both built hosts start against a real PostgreSQL that checks passwords, with a password full of URL characters
/// (/ + @ : % #) given apart from DATABASE_URL, as the Compose files and the Helm charts pass it.
/// </summary>
public sealed class SecretPasswordStartTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("glyphh-secret-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Runtime_DatabasePassword_ReadyOnPostgreSql()
    {
        var role = await PasswordRole.CreateAsync();
        await using var runtime = await RuntimeProcess.StartAsync(new Dictionary<string, string>
        {
            ["GLYPHH_DATA_DIR"] = Path.Combine(_dir, "rt"),
            ["DATABASE_URL"] = role.UrlWithoutPassword,
            ["DATABASE_PASSWORD"] = role.Password,
        });
        using var ready = await runtime.Client.GetAsync("/health/ready");
        Assert.True(ready.StatusCode == HttpStatusCode.OK, await ready.Content.ReadAsStringAsync() + runtime.Output);
        Assert.DoesNotContain(role.Password, runtime.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runtime_DatabasePasswordFile_ReadyOnPostgreSql()
    {
        var role = await PasswordRole.CreateAsync();
        var secret = Path.Combine(_dir, "db-password");
        await File.WriteAllTextAsync(secret, role.Password + "\n");
        await using var runtime = await RuntimeProcess.StartAsync(new Dictionary<string, string>
        {
            ["GLYPHH_DATA_DIR"] = Path.Combine(_dir, "rt"),
            ["DATABASE_URL"] = role.UrlWithoutPassword + "?application_name=glyphh-runtime",
            ["DATABASE_PASSWORD_FILE"] = secret,
        });
        using var ready = await runtime.Client.GetAsync("/health/ready");
        Assert.True(ready.StatusCode == HttpStatusCode.OK, await ready.Content.ReadAsStringAsync() + runtime.Output);
    }

    [Fact]
    public async Task LicenseServer_DatabasePassword_ReadyOnPostgreSql()
    {
        var role = await PasswordRole.CreateAsync();
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(HostProcess.LicenseServer);
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        // Development: the server makes its own signing CA and admin key in the data directory.
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["GLYPHH_DATA_DIR"] = Path.Combine(_dir, "ls");
        info.Environment["DATABASE_URL"] = role.UrlWithoutPassword;
        info.Environment["DATABASE_PASSWORD"] = role.Password;
        info.Environment.Remove("PGPASSWORD");
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            var deadline = Stopwatch.StartNew();
            HttpStatusCode? status = null;
            while (deadline.Elapsed < TimeSpan.FromSeconds(120) && !process.HasExited && status != HttpStatusCode.OK)
            {
                try
                {
                    using var ready = await client.GetAsync("/health/ready");
                    status = ready.StatusCode;
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                await Task.Delay(200);
            }
            Assert.True(status == HttpStatusCode.OK, $"readiness {status}, exited {process.HasExited}: {(process.HasExited ? await stderr : "")}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
    }
}
