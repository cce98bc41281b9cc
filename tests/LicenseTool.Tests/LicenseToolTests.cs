using Glyphh.TestSupport;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Glyphh.LicenseTool.Tests;

public sealed class LicenseToolTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(Now);

    private string Ca => _dir.File("ca");

    public void Dispose() => _dir.Dispose();

    private Task<ToolRun> Run(params string[] args) => ToolRun.RunAsync(_time, args);

    private async Task<string> CreateCaAndIssueAsync(params string[] extra)
    {
        var created = await Run("ca", "create", "--out", Ca, "--name", "Test Vendor Root");
        Assert.Equal(0, created.ExitCode);
        var license = _dir.File("license.lic");
        var issued = await Run([
            "issue", "--ca", Ca, "--customer", "Acme Corp", "--mode", "self-hosted", "--expires", "2027-06-01",
            "--limit", "models=10", "--limit", "glyphs=1000000", "--feature", "sso", "--out", license, .. extra]);
        Assert.True(issued.ExitCode == 0, issued.Error);
        return license;
    }

    [Fact]
    public async Task CaCreate_WritesFourPemFilesWithPrivateKeys0600()
    {
        var run = await Run("ca", "create", "--out", Ca);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("root.crt", run.Out, StringComparison.Ordinal);
        foreach (var name in new[] { "root.crt", "signing.crt" })
        {
            Assert.StartsWith("-----BEGIN CERTIFICATE-----", await File.ReadAllTextAsync(Path.Combine(Ca, name)), StringComparison.Ordinal);
        }
        foreach (var name in new[] { "root.key", "signing.key" })
        {
            Assert.StartsWith("-----BEGIN PRIVATE KEY-----", await File.ReadAllTextAsync(Path.Combine(Ca, name)), StringComparison.Ordinal);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(Ca, name)));
            }
        }
    }

    [Fact]
    public async Task CaCreate_Rsa_SignsLicensesThatVerify()
    {
        Assert.Equal(0, (await Run("ca", "create", "--out", Ca, "--algorithm", "rsa-3072")).ExitCode);
        Assert.Contains("RSA", System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(Ca, "root.crt"))).PublicKey.Oid.FriendlyName!, StringComparison.OrdinalIgnoreCase);
        var license = _dir.File("l.lic");
        Assert.Equal(0, (await Run("issue", "--ca", Ca, "--customer", "A", "--mode", "cloud", "--expires", "2027-01-01", "--out", license)).ExitCode);
        Assert.Equal(0, (await Run("verify", license, "--root", Path.Combine(Ca, "root.crt"))).ExitCode);
    }

    [Fact]
    public async Task CaCreate_ExistingCa_ExitsOneAndKeepsIt()
    {
        Assert.Equal(0, (await Run("ca", "create", "--out", Ca)).ExitCode);
        var rootBefore = await File.ReadAllTextAsync(Path.Combine(Ca, "root.key"));
        var again = await Run("ca", "create", "--out", Ca);
        Assert.Equal(1, again.ExitCode);
        again.AssertOneErrorLine();
        Assert.Contains("already holds a CA", again.Error, StringComparison.Ordinal);
        Assert.Equal(rootBefore, await File.ReadAllTextAsync(Path.Combine(Ca, "root.key")));
    }

    [Fact]
    public async Task Issue_ThenVerify_ValidWithSummary()
    {
        var license = await CreateCaAndIssueAsync();
        Assert.StartsWith("-----BEGIN GLYPHH LICENSE-----", await File.ReadAllTextAsync(license), StringComparison.Ordinal);

        var run = await Run("verify", license, "--root", Path.Combine(Ca, "root.crt"), "--product", "glyphh-runtime", "--mode", "self-hosted");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        var line = Assert.Single(run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("valid: license lic_", line, StringComparison.Ordinal);
        Assert.Contains("'Acme Corp'", line, StringComparison.Ordinal);
        Assert.Contains("limits glyphs=1000000 models=10", line, StringComparison.Ordinal);
        Assert.Contains("features sso", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_Expired_ExitsOneSayingExpired()
    {
        var license = await CreateCaAndIssueAsync();
        _time.SetUtcNow(new DateTimeOffset(2027, 6, 2, 0, 0, 0, TimeSpan.Zero));
        var run = await Run("verify", license, "--root", Path.Combine(Ca, "root.crt"));
        Assert.Equal(1, run.ExitCode);
        run.AssertOneErrorLine();
        Assert.StartsWith("invalid: expired", run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task Verify_NotYetValid_ExitsOne()
    {
        var license = await CreateCaAndIssueAsync("--not-before", "2026-09-01");
        var run = await Run("verify", license, "--root", Path.Combine(Ca, "root.crt"));
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("invalid: not yet valid", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_TamperedByte_ExitsOneBadSignatureOrMalformed()
    {
        var license = await CreateCaAndIssueAsync();
        // Change one claim byte inside the signed content ("Acme" -> "Acmf"), keeping the DER well formed.
        var text = await File.ReadAllTextAsync(license);
        var lines = text.Split('\n');
        var der = Convert.FromBase64String(string.Concat(lines.Skip(1).TakeWhile(l => !l.StartsWith("-----", StringComparison.Ordinal))));
        var at = System.Text.Encoding.UTF8.GetString(der).IndexOf("Acme Corp", StringComparison.Ordinal);
        Assert.True(at > 0);
        der[at + 3] = (byte)'f';
        await File.WriteAllTextAsync(license, Glyphh.Licensing.LicenseArmor.Encode(der));

        var run = await Run("verify", license, "--root", Path.Combine(Ca, "root.crt"));
        Assert.Equal(1, run.ExitCode);
        run.AssertOneErrorLine();
        Assert.StartsWith("invalid: bad signature", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WrongRoot_ExitsOneUntrustedSigner()
    {
        var license = await CreateCaAndIssueAsync();
        var other = _dir.File("other");
        Assert.Equal(0, (await Run("ca", "create", "--out", other)).ExitCode);
        var run = await Run("verify", license, "--root", Path.Combine(other, "root.crt"));
        Assert.Equal(1, run.ExitCode);
        run.AssertOneErrorLine();
        Assert.StartsWith("invalid: untrusted signer", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--product", "other-product", "wrong product")]
    [InlineData("--mode", "cloud", "wrong mode")]
    [InlineData("--machine", "0000000000000000000000000000000000000000000000000000000000000000", "wrong machine")]
    public async Task Verify_WrongContext_ExitsOneWithReason(string option, string value, string reason)
    {
        var fp = new string('a', 64);
        var license = await CreateCaAndIssueAsync("--machine", fp);
        var run = await Run("verify", license, "--root", Path.Combine(Ca, "root.crt"), option, value);
        Assert.Equal(1, run.ExitCode);
        run.AssertOneErrorLine();
        Assert.StartsWith($"invalid: {reason}", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await Run("verify", license, "--root", Path.Combine(Ca, "root.crt"), "--machine", fp)).ExitCode);
    }

    [Theory]
    [InlineData("not a license at all")]
    [InlineData("-----BEGIN GLYPHH LICENSE-----\n!!!notbase64!!!\n-----END GLYPHH LICENSE-----\n")]
    [InlineData("-----BEGIN GLYPHH LICENSE-----\nMIIB\n")]
    public async Task Verify_Garbage_ExitsOneMalformed(string content)
    {
        Assert.Equal(0, (await Run("ca", "create", "--out", Ca)).ExitCode);
        var file = _dir.File("bad.lic");
        await File.WriteAllTextAsync(file, content);
        var run = await Run("verify", file, "--root", Path.Combine(Ca, "root.crt"));
        Assert.Equal(1, run.ExitCode);
        run.AssertOneErrorLine();
        Assert.StartsWith("invalid: malformed", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_HugeFile_ExitsOneWithoutReadingIt()
    {
        Assert.Equal(0, (await Run("ca", "create", "--out", Ca)).ExitCode);
        var file = _dir.File("huge.lic");
        await File.WriteAllBytesAsync(file, new byte[2 * 1024 * 1024]);
        var run = await Run("verify", file, "--root", Path.Combine(Ca, "root.crt"));
        Assert.Equal(1, run.ExitCode);
        run.AssertOneErrorLine();
        Assert.Contains("larger than", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_RootIsNotACertificate_ExitsOne()
    {
        var license = await CreateCaAndIssueAsync();
        var run = await Run("verify", license, "--root", license);
        Assert.Equal(1, run.ExitCode);
        run.AssertOneErrorLine();
        Assert.Contains("root certificate", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_PrintsClaimsMarkedUnverified()
    {
        var license = await CreateCaAndIssueAsync("--license-id", "lic-inspect-1");
        var run = await Run("inspect", license);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("UNVERIFIED", run.Error, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal("lic-inspect-1", json.RootElement.GetProperty("license_id").GetString());
        Assert.Equal("Acme Corp", json.RootElement.GetProperty("customer").GetString());
        Assert.Equal(10, json.RootElement.GetProperty("limits").GetProperty("models").GetInt64());
    }

    [Fact]
    public async Task Inspect_Garbage_ExitsOneMalformed()
    {
        var file = _dir.File("bad.lic");
        await File.WriteAllTextAsync(file, "hello");
        var run = await Run("inspect", file);
        Assert.Equal(1, run.ExitCode);
        run.AssertOneErrorLine();
        Assert.Contains("malformed", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CaRotate_NewSigningCertificate_OldAndNewLicensesVerify()
    {
        var before = await CreateCaAndIssueAsync();
        var oldCert = await File.ReadAllTextAsync(Path.Combine(Ca, "signing.crt"));
        var run = await Run("ca", "rotate", "--ca", Ca);
        Assert.Equal(0, run.ExitCode);
        Assert.NotEqual(oldCert, await File.ReadAllTextAsync(Path.Combine(Ca, "signing.crt")));
        var archived = Assert.Single(Directory.GetFiles(Ca, "signing-*.crt"));
        Assert.Equal(oldCert, await File.ReadAllTextAsync(archived));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.ChangeExtension(archived, ".key")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(Ca, "signing.key")));
        }

        var after = _dir.File("after.lic");
        Assert.Equal(0, (await Run("issue", "--ca", Ca, "--customer", "B", "--mode", "cloud", "--expires", "2027-01-01", "--out", after)).ExitCode);
        var root = Path.Combine(Ca, "root.crt");
        Assert.Equal(0, (await Run("verify", before, "--root", root)).ExitCode);
        Assert.Equal(0, (await Run("verify", after, "--root", root)).ExitCode);
    }

    [Fact]
    public async Task CaRotate_NotACa_ExitsOne()
    {
        var run = await Run("ca", "rotate", "--ca", _dir.File("nothing"));
        Assert.Equal(1, run.ExitCode);
        run.AssertOneErrorLine();
        Assert.Contains("does not exist", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue_OutExists_ExitsOneUnlessForce()
    {
        var license = await CreateCaAndIssueAsync();
        string[] args = ["issue", "--ca", Ca, "--customer", "A", "--mode", "cloud", "--expires", "2027-01-01", "--out", license];
        var refused = await Run(args);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("already exists", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await Run([.. args, "--force"])).ExitCode);
    }

    [Fact]
    public async Task Issue_ProductDefinedLimitsAndFeatureValues_AreSignedAndShown()
    {
        var license = await CreateCaAndIssueAsync("--limit", "projects=3", "--limit", "items.per-project=0", "--feature", "tier:pro");

        var run = await Run("verify", license, "--root", Path.Combine(Ca, "root.crt"));
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("limits glyphs=1000000 items.per-project=0 models=10 projects=3", run.Out, StringComparison.Ordinal);
        Assert.Contains("features sso,tier:pro", run.Out, StringComparison.Ordinal);
        var claims = await Run("inspect", license);
        Assert.Contains("\"projects\": 3", claims.Out, StringComparison.Ordinal);
        Assert.Contains("\"tier:pro\"", claims.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue_BoundToFingerprint_VerifiesOnlyThere()
    {
        var fp = await Run("fingerprint", "--machine-id", "container-42");
        Assert.Equal(0, fp.ExitCode);
        var fingerprint = fp.Out.Trim();
        Assert.Equal(Glyphh.Licensing.MachineFingerprint.Compute("glyphh-runtime", "container-42"), fingerprint);
        var license = await CreateCaAndIssueAsync("--machine", fingerprint);
        Assert.Equal(0, (await Run("verify", license, "--root", Path.Combine(Ca, "root.crt"), "--machine", fingerprint)).ExitCode);
    }

    [Fact]
    public async Task Fingerprint_Command_UsesTheMachinesIdLikeTheSdk()
    {
        var run = await Run("fingerprint", "--data-dir", _dir.Path);
        var system = Glyphh.Licensing.MachineFingerprint.SystemMachineIdPaths.FirstOrDefault(File.Exists);
        if (system is null)
        {
            // No machine id and nothing kept in the data directory: a clear failure, not a made-up value.
            Assert.Equal(1, run.ExitCode);
            run.AssertOneErrorLine();
            return;
        }
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Glyphh.Licensing.MachineFingerprint.Compute("glyphh-runtime", (await File.ReadAllTextAsync(system)).Trim()), run.Out.Trim());
    }

    [Fact]
    public async Task Fingerprint_NoSystemId_FallsBackToDataDirectoryAndIsPerProduct()
    {
        string[] none = [_dir.File("no-machine-id")];
        var missing = Assert.Throws<Glyphh.LicenseTool.CommandLine.ToolException>(() =>
            Glyphh.LicenseTool.Licensing.LicenseChecks.Fingerprint("glyphh-runtime", null, _dir.Path, none));
        Assert.Contains("no machine id", missing.Message, StringComparison.Ordinal);

        await File.WriteAllTextAsync(_dir.File("machine-id"), "short\n");
        Assert.Throws<Glyphh.LicenseTool.CommandLine.ToolException>(() =>
            Glyphh.LicenseTool.Licensing.LicenseChecks.Fingerprint("glyphh-runtime", null, _dir.Path, none));

        await File.WriteAllTextAsync(_dir.File("machine-id"), "abc123def456\n");
        var a = Glyphh.LicenseTool.Licensing.LicenseChecks.Fingerprint("glyphh-runtime", null, _dir.Path, none);
        var b = Glyphh.LicenseTool.Licensing.LicenseChecks.Fingerprint("other", null, _dir.Path, none);
        Assert.Equal(Glyphh.Licensing.MachineFingerprint.Compute("glyphh-runtime", "abc123def456"), a);
        Assert.Equal(a, Glyphh.LicenseTool.Licensing.LicenseChecks.Fingerprint("glyphh-runtime", null, _dir.Path, none));
        Assert.NotEqual(a, b);
    }
}
