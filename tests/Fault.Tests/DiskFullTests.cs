using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Glyphh.Fault.Tests.Support;
using Glyphh.TestSupport;
using Xunit.Abstractions;
using Microsoft.Data.Sqlite;

namespace Glyphh.Fault.Tests;

/// <summary>
/// The data directory on a 4 MiB tmpfs filled to the last byte: writes get a clear problem (not a 500), readiness says so,
/// and once space returns the embedded database is intact and writes work again.
/// Mounting needs CAP_SYS_ADMIN, which an unprivileged container (or a non-root developer) lacks, and no unprivileged
/// stand-in gives a real ENOSPC (RLIMIT_FSIZE gives EFBIG per file; user namespaces are blocked by container seccomp
/// profiles). So it is the privileged fault suite: `./build.sh test` leaves it out, `./build.sh test-privileged` runs it
/// (as root), and CI (.ci/run) runs both, so it never goes unrun.
/// </summary>
[Trait("Category", PrivilegedSuite.Category)]
public sealed class DiskFullTests(ITestOutputHelper output)
{
    [Fact]
    public async Task FullDataDirectory_ClearErrorsHealthSaysSoNoCorruption()
    {
        using var mount = await TmpfsMount.CreateAsync("4m");
        var environment = new Dictionary<string, string> { ["GLYPHH_DATA_DIR"] = mount.Path };
        var acknowledged = new List<string>();
        var wrongStatuses = new List<string>();
        await using (var runtime = await RuntimeProcess.StartAsync(environment))
        {
            Assert.Equal(201, (int)(await runtime.Client.PostAsync("/models", Json("""{"name":"m1"}"""))).StatusCode);
            for (var i = 0; i < 20; i++)
            {
                if ((await runtime.Client.PutAsync($"/models/m1/glyphs/a{i}", Json(Glyph(i)))).IsSuccessStatusCode)
                {
                    acknowledged.Add($"a{i}");
                }
            }
            Assert.Equal(20, acknowledged.Count);

            var filler = Path.Combine(mount.Path, "filler.bin");
            await FillAsync(filler);
            var failures = new List<(int Status, string? Type)>();
            for (var i = 0; i < 30; i++)
            {
                using var response = await runtime.Client.PutAsync($"/models/m1/glyphs/b{i}", Json(Glyph(i, 20_000)));
                if (response.IsSuccessStatusCode)
                {
                    acknowledged.Add($"b{i}");
                    continue;
                }
                var body = await response.Content.ReadAsStringAsync();
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                failures.Add(((int)response.StatusCode, JsonDocument.Parse(body).RootElement.GetProperty("type").GetString()));
            }
            var readyText = await (await runtime.Client.GetAsync("/health/ready")).Content.ReadAsStringAsync();
            output.WriteLine($"DiskFull: {failures.Count} of 30 writes refused: {string.Join(", ", failures.Distinct())}; readiness: {readyText}");
            Assert.NotEmpty(failures);
            wrongStatuses.AddRange(failures.Where(f => f.Status is not (503 or 507)).Select(f => $"{f.Status} {f.Type}"));
            Assert.NotEqual("ok", JsonDocument.Parse(readyText).RootElement.GetProperty("status").GetString());

            File.Delete(filler);
            var recovered = false;
            for (var i = 0; i < 50 && !recovered; i++)
            {
                recovered = (await runtime.Client.PutAsync($"/models/m1/glyphs/c{i}", Json(Glyph(i)))).IsSuccessStatusCode;
                if (recovered)
                {
                    acknowledged.Add($"c{i}");
                }
                await Task.Delay(200);
            }
            Assert.True(recovered, "writes did not work again after space returned");
            await Checks.AssertAcknowledgedPresentAsync(runtime.Client, "m1", acknowledged);
            await Checks.AssertUsageMatchesDataAsync(runtime.Client, "m1");
        }

        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(mount.Path, "glyphh.db")};Mode=ReadOnly;Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = new SqliteCommand("PRAGMA integrity_check", connection);
            Assert.Equal("ok", (string?)await command.ExecuteScalarAsync());
        }
        await using var restarted = await RuntimeProcess.StartAsync(environment);
        await Checks.AssertAcknowledgedPresentAsync(restarted.Client, "m1", acknowledged);
        await Checks.AssertUsageMatchesDataAsync(restarted.Client, "m1");
        // Last, so the recovery and integrity checks above always run: a full disk is a clear 503/507, not an internal error.
        Assert.True(wrongStatuses.Count == 0, $"writes on a full disk got {string.Join(", ", wrongStatuses.Distinct())}, not 503/507");
    }

    private static async Task FillAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        var block = new byte[4096];
        try
        {
            while (true)
            {
                await stream.WriteAsync(block);
            }
        }
        catch (IOException)
        {
            // ENOSPC: the file system is full.
        }
        try
        {
            while (true)
            {
                await stream.WriteAsync(block.AsMemory(0, 1));
                await stream.FlushAsync();
            }
        }
        catch (IOException)
        {
            // Down to the last byte.
        }
    }

    private static string Glyph(int i, int payloadBytes = 100) =>
        "{\"vector\":[" + i + ",1,2],\"payload\":{\"fill\":\"" + new string('x', payloadBytes) + "\"}}";

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>A small tmpfs (needs root, as the test machine has); unmounted on dispose.</summary>
    private sealed class TmpfsMount : IDisposable
    {
        private TmpfsMount(string path) => Path = path;

        public string Path { get; }

        public static async Task<TmpfsMount> CreateAsync(string size)
        {
            var path = Directory.CreateTempSubdirectory("glyphh-full-").FullName;
            var (code, output) = await RunAsync("mount", "-t", "tmpfs", "-o", $"size={size}", "tmpfs", path);
            Assert.True(code == 0, $"mounting a tmpfs at {path} failed: this is the privileged fault suite ('./build.sh test-privileged', as root with CAP_SYS_ADMIN): {output}");
            return new TmpfsMount(path);
        }

        public void Dispose()
        {
            RunAsync("umount", "-l", Path).GetAwaiter().GetResult();
            Directory.Delete(Path, recursive: true);
        }

        private static async Task<(int Code, string Output)> RunAsync(string file, params string[] args)
        {
            var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var arg in args)
            {
                info.ArgumentList.Add(arg);
            }
            using var process = Process.Start(info)!;
            var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, output);
        }
    }
}
