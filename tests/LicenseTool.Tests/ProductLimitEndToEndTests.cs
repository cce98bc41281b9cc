using System.Globalization;
using Glyphh.Licensing;
using Glyphh.Quotas;
using Glyphh.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Glyphh.LicenseTool.Tests;

/// <summary>
/// A product-defined limit end to end: issued by the built tool, loaded by a host that is not Glyphh (a
/// "projects" service), seen in the license snapshot and enforced as a quota cap by name.
/// </summary>
public sealed class ProductLimitEndToEndTests : IDisposable
{
    private const string Product = "projects-service";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task IssuedProjectsLimit_IsInTheSnapshot_AndCapsTheProjectsQuota()
    {
        var ca = _dir.File("ca");
        var license = _dir.File("projects.lic");
        Assert.Equal(0, (await ToolRun.RunBuiltAsync("ca", "create", "--out", ca)).ExitCode);
        var issued = await ToolRun.RunBuiltAsync(
            "issue", "--ca", ca, "--customer", "Projects Inc", "--mode", "self-hosted", "--product", Product,
            "--expires", DateTime.UtcNow.AddYears(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "--limit", "projects=3", "--feature", "tier:pro", "--out", license);
        Assert.True(issued.ExitCode == 0, issued.Error);

        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddGlyphhLicensing(o =>
        {
            o.Mode = DeploymentMode.SelfHosted;
            o.Product = Product;
            o.LicenseFile = license;
            o.RootCertificateFile = Path.Combine(ca, "root.crt");
            o.DataDirectory = _dir.File("data");
        });
        // The host's whole mapping: a license limit caps the quota resource of the same name.
        builder.Services.AddGlyphhQuotas()
            .AddResource("projects", QuotaLimit.Unlimited)
            .AddResource("items", QuotaLimit.Of(100))
            .AddTierCaps((sp, _, resource) => QuotaLimit.FromNullable(sp.GetRequiredService<ILicenseState>().Current.Limits.Get(resource)));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var state = host.Services.GetRequiredService<ILicenseState>().Current;
            Assert.Equal(LicenseStatus.Valid, state.Status);
            Assert.Equal(3, state.Limits.Get("projects"));
            Assert.Null(state.Limits.Get("items"));
            Assert.Equal("pro", state.GetFeatureValue("tier"));

            var quotas = host.Services.GetRequiredService<IQuotaService>();
            for (var i = 0; i < 3; i++)
            {
                await using var project = await quotas.ReserveAsync("team-a", "projects", 1);
                Assert.True(project.IsGranted, project.Denial?.ToString());
                project.Commit();
            }

            await using var fourth = await quotas.ReserveAsync("team-a", "projects", 1);
            Assert.False(fourth.IsGranted);
            Assert.Equal("projects", fourth.Denial!.Resource);
            Assert.Equal(3, fourth.Denial.Limit.Value);
            Assert.Equal(QuotaLimitSource.TierCap, fourth.Denial.Source);

            // A name the license does not carry keeps the host's own default.
            await using var items = await quotas.ReserveAsync("team-a", "items", 100);
            Assert.True(items.IsGranted);
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
