using Glyphh.Licensing;
using Glyphh.Licensing.Issuing;
using Glyphh.Readme.Tests.Snippets;
using Glyphh.TestSupport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Glyphh.Readme.Tests;

/// <summary>The Licensing.Protocol README as written: a license verified and a call home checked with that package alone.</summary>
[Collection(QuickStartCollection.Name)]
public sealed class ProtocolReadmeTests
{
    [Fact]
    public void VerifyLicense_ReadsTheLimit_AndRefusesATamperedFile()
    {
        using var dir = new TempDirectory();
        var license = IssuingSnippets.CreateAndIssue(dir.Path, DateTimeOffset.UtcNow.AddMinutes(-1));
        File.WriteAllText(Path.Combine(dir.Path, "license.lic"), license);

        Assert.Equal(10, ProtocolSnippets.VerifyLicense(dir.Path, "container-42"));

        var at = license.IndexOf("\n", StringComparison.Ordinal) + 20;
        File.WriteAllText(Path.Combine(dir.Path, "license.lic"), license[..at] + (license[at] == 'A' ? 'B' : 'A') + license[(at + 1)..]);
        Assert.Throws<InvalidOperationException>(() => ProtocolSnippets.VerifyLicense(dir.Path, "container-42"));
    }

    [Fact]
    public async Task CallHome_AcceptsTheAnswerForItsLicense_AndRefusesAnAnswerForAnother()
    {
        using var dir = new TempDirectory();
        var license = IssuingSnippets.CreateAndIssue(dir.Path, DateTimeOffset.UtcNow.AddMinutes(-1));
        Assert.True(LicenseArmor.TryDecode(license, out var der, out _));
        using var signing = LicenseCertificateAuthority.LoadFromPem(
            File.ReadAllText(Path.Combine(dir.Path, "signing.pem")), File.ReadAllText(Path.Combine(dir.Path, "signing.key")));
        var verifier = LicenseVerifier.FromPem(File.ReadAllText(Path.Combine(dir.Path, "root.pem")));
        var fingerprint = MachineFingerprint.Compute("projects-service", "container-42");

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        IssuingSnippets.MapValidate(app, new LicenseIssuer(signing), TimeProvider.System, OnlineLicenseKeyGenerator.Generate(), der);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/") };

        var receipt = await ProtocolSnippets.CallHome(http, verifier, der, "lic-0001", fingerprint);
        Assert.Equal(LicenseReceiptStatus.Valid, receipt.Status);
        Assert.Equal(10, receipt.Limits!["projects"]);

        // Another license's bytes prove nothing for lic-0001: the server answers "unknown" for no credential, and the
        // client refuses an answer that does not name its own license.
        var other = (byte[])der.Clone();
        other[^1] ^= 1;
        await Assert.ThrowsAsync<InvalidOperationException>(() => ProtocolSnippets.CallHome(http, verifier, other, "lic-0001", fingerprint));
    }
}
