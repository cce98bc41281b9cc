using Glyphh.Licensing.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Glyphh.Licensing.Tests.Hosting;

public sealed class GlyphhLicensingOptionsTests
{
    private static readonly TestPki Pki = new();

    private static GlyphhLicensingOptions Bind(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        using var provider = new ServiceCollection().AddLogging().AddGlyphhLicensing(configuration).Services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<GlyphhLicensingOptions>>().Value;
    }

    private static string StartupFailure(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        using var provider = new ServiceCollection().AddLogging().AddGlyphhLicensing(configuration).Services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<GlyphhLicensingOptions>>().Value);
        return ex.Message;
    }

    [Theory]
    [InlineData("local", DeploymentMode.Local)]
    [InlineData("LOCAL", DeploymentMode.Local)]
    [InlineData("self-hosted", DeploymentMode.SelfHosted)]
    [InlineData("Self_Hosted", DeploymentMode.SelfHosted)]
    [InlineData("selfhosted", DeploymentMode.SelfHosted)]
    [InlineData(" cloud ", DeploymentMode.Cloud)]
    public void DeploymentMode_ContractSpellings_Parse(string value, DeploymentMode expected)
    {
        Assert.True(DeploymentModes.TryParse(value, out var mode));
        Assert.Equal(expected, mode);
    }

    [Fact]
    public void Bind_ContractVariables_SetOptions()
    {
        var options = Bind(new()
        {
            ["DEPLOYMENT_MODE"] = "cloud",
            ["LICENSE_SERVER_URL"] = "https://licenses.example.com/base",
            ["GLYPHH_DATA_DIR"] = "/var/glyphh",
            ["GLYPHH_MACHINE_ID"] = "pod-identity-1",
        });

        Assert.Equal(DeploymentMode.Cloud, options.Mode);
        Assert.Equal(new Uri("https://licenses.example.com/base"), options.ServerUrl);
        Assert.Equal("/var/glyphh", options.DataDirectory);
        Assert.Equal("pod-identity-1", options.MachineId);
    }

    [Fact]
    public void Bind_SectionWinsOverVariables()
    {
        var options = Bind(new()
        {
            ["DEPLOYMENT_MODE"] = "cloud",
            ["Glyphh:Licensing:Mode"] = "local",
            ["Glyphh:Licensing:GracePeriod"] = "3.00:00:00",
            ["Glyphh:Licensing:ExcludedPaths:0"] = "/status",
        });

        Assert.Equal(DeploymentMode.Local, options.Mode);
        Assert.Equal(TimeSpan.FromDays(3), options.GracePeriod);
        Assert.Equal(["/status"], options.ExcludedPaths);
    }

    [Fact]
    public void Defaults_MatchTheContract()
    {
        var options = new GlyphhLicensingOptions();

        Assert.Equal(DeploymentMode.Local, options.Mode);
        Assert.Equal(TimeSpan.FromDays(7), options.GracePeriod);
        Assert.Equal(TimeSpan.FromHours(24), options.RevalidationInterval);
        Assert.Equal("./data", options.DataDirectory);
        Assert.Equal(["/health", "/health/ready", "/ready", "/metrics", "/license"], options.ExcludedPaths);
    }

    [Fact]
    public void UnknownMode_StopsStartupNamingTheValue()
    {
        var message = StartupFailure(new() { ["DEPLOYMENT_MODE"] = "on-prem" });

        Assert.Contains("DEPLOYMENT_MODE", message, StringComparison.Ordinal);
        Assert.Contains("'on-prem'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void SelfHostedWithoutLicense_StopsStartupNamingTheSetting()
    {
        var message = StartupFailure(new() { ["DEPLOYMENT_MODE"] = "self-hosted", ["Glyphh:Licensing:RootCertificatesPem"] = Pki.RootPem });

        Assert.Contains("LICENSE_KEY", message, StringComparison.Ordinal);
        Assert.Contains("LICENSE_FILE", message, StringComparison.Ordinal);
    }

    [Fact]
    public void SelfHostedWithoutRoot_StopsStartupNamingTheSetting()
    {
        var message = StartupFailure(new() { ["DEPLOYMENT_MODE"] = "self-hosted", ["LICENSE_KEY"] = Glyphh.Licensing.Issuing.OnlineLicenseKeyGenerator.Generate() });

        Assert.Contains("LICENSE_ROOT_CERT", message, StringComparison.Ordinal);
    }

    [Fact]
    public void MistypedOnlineKey_StopsStartupNamingTheSetting()
    {
        var key = Glyphh.Licensing.Issuing.OnlineLicenseKeyGenerator.Generate();
        var typo = key[..^1] + (key[^1] == 'A' ? 'B' : 'A');

        var message = StartupFailure(new() { ["DEPLOYMENT_MODE"] = "self-hosted", ["LICENSE_KEY"] = typo, ["Glyphh:Licensing:RootCertificatesPem"] = Pki.RootPem });

        Assert.Contains("LICENSE_KEY", message, StringComparison.Ordinal);
        Assert.DoesNotContain(typo, message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingRootFile_StopsStartupNamingThePath()
    {
        var message = StartupFailure(new() { ["DEPLOYMENT_MODE"] = "self-hosted", ["LICENSE_KEY"] = Glyphh.Licensing.Issuing.OnlineLicenseKeyGenerator.Generate(), ["LICENSE_ROOT_CERT"] = "/nonexistent/root.pem" });

        Assert.Contains("LICENSE_ROOT_CERT", message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/root.pem", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Glyphh:Licensing:GracePeriod", "a week")]
    [InlineData("Glyphh:Licensing:RevalidationInterval", "00:00:01")]
    [InlineData("LICENSE_SERVER_URL", "not a url")]
    [InlineData("Glyphh:Licensing:ExcludedPaths:0", "health")]
    public void BadSetting_StopsStartupNamingTheKey(string key, string value)
    {
        var message = StartupFailure(new() { [key] = value });

        var name = key.Split(':')[^1] is var last && int.TryParse(last, out _) ? key.Split(':')[^2] : key.Split(':')[^1];
        Assert.Contains(name, message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddGlyphhLicensing_Twice_RegistersOnce()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddGlyphhLicensing();
        services.AddGlyphhLicensing(o => o.Mode = DeploymentMode.Cloud);
        using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetServices<IHostedService>());
        Assert.Equal(2, provider.GetServices<IValidateOptions<GlyphhLicensingOptions>>().Count());
        Assert.Equal(DeploymentMode.Cloud, provider.GetRequiredService<ILicenseState>().Current.Mode);
        Assert.Same(provider.GetRequiredService<ILicenseState>(), provider.GetRequiredService<ILicenseState>());
    }
}
