using Glyphh.Licensing.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Glyphh.Licensing.Tests.Hosting;

public sealed class GlyphhLicensingOptionsTests
{
    private static readonly TestPki Pki = new();

    private static IConfigurationSection Section(Dictionary<string, string?> appsettings, Dictionary<string, string?>? variables = null)
        => new ConfigurationBuilder()
            .AddInMemoryCollection(appsettings)
            .AddGlyphhLicensingEnvironmentVariables(read: name => variables?.GetValueOrDefault(name))
            .Build()
            .GetSection(GlyphhLicensingOptions.SectionName);

    private static GlyphhLicensingOptions Bind(Dictionary<string, string?> appsettings, Dictionary<string, string?>? variables = null)
    {
        // Binding only: the start-up validation (tested below) would ask a self-hosted set-up for a real license.
        using var provider = new ServiceCollection().AddLogging().AddGlyphhLicensing(Section(appsettings, variables)).Services.BuildServiceProvider();
        var options = new GlyphhLicensingOptions();
        foreach (var configure in provider.GetServices<IConfigureOptions<GlyphhLicensingOptions>>())
        {
            configure.Configure(options);
        }

        Assert.Empty(options.BindingErrors);
        return options;
    }

    /// <summary>Keys with a ':' are appsettings, the others deployment variables.</summary>
    private static string StartupFailure(Dictionary<string, string?> settings)
    {
        var appsettings = settings.Where(kv => kv.Key.Contains(':', StringComparison.Ordinal)).ToDictionary();
        // Every host names its product; a test that means to leave it out sets it to null.
        appsettings.TryAdd("Glyphh:Licensing:Product", "projects-service");
        var variables = settings.Where(kv => !kv.Key.Contains(':', StringComparison.Ordinal)).ToDictionary();
        using var provider = new ServiceCollection().AddLogging().AddGlyphhLicensing(Section(appsettings, variables)).Services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<GlyphhLicensingOptions>>().Value);
        return ex.Message;
    }

    /// <summary>Every documented key of the section (README's table), a value and how the bound options show it.</summary>
    public static TheoryData<string, string, string> DocumentedKeys() => new()
    {
        { "Mode", "Cloud", "Cloud" },
        { "Product", "projects-service", "projects-service" },
        { "ProductVersion", "2.1.0", "2.1.0" },
        { "LicenseKey", "GLYPHH-AAAA-BBBB-CCCC-DDDD", "GLYPHH-AAAA-BBBB-CCCC-DDDD" },
        { "LicenseFile", "/etc/projects/license.lic", "/etc/projects/license.lic" },
        { "ServerUrl", "https://licenses.example.com/base/", "https://licenses.example.com/base/" },
        { "RootCertificatesPem", "-----BEGIN CERTIFICATE-----", "-----BEGIN CERTIFICATE-----" },
        { "RootCertificateFile", "/etc/projects/root.pem", "/etc/projects/root.pem" },
        { "DataDirectory", "/var/lib/projects", "/var/lib/projects" },
        { "MachineId", "pod-identity-1", "pod-identity-1" },
        { "GracePeriod", "3.00:00:00", "3.00:00:00" },
        { "RevalidationInterval", "06:00:00", "06:00:00" },
        { "RetryInterval", "00:10:00", "00:10:00" },
        { "ExpiringWarning", "30.00:00:00", "30.00:00:00" },
        { "ClockSkewTolerance", "00:01:00", "00:01:00" },
        { "ReceiptMaxAge", "00:05:00", "00:05:00" },
        { "ExcludedPaths:0", "/status", "/status" },
        { "LocalLimits:projects", "3", "projects=3" },
        { "CloudLimits:items", "1000", "items=1000" },
        { "SelfHostedLimits:seats", "5", "seats=5" },
        { "ProblemTypeBaseUri", "https://projects.example.com/problems/", "https://projects.example.com/problems/" },
        { "InvalidLicenseHealthStatus", "Unhealthy", "Unhealthy" },
    };

    private static string Shown(GlyphhLicensingOptions o, string key) => key.Split(':')[0] switch
    {
        "Mode" => o.Mode.ToString(),
        "Product" => o.Product,
        "ProductVersion" => o.ProductVersion!,
        "LicenseKey" => o.LicenseKey!,
        "LicenseFile" => o.LicenseFile!,
        "ServerUrl" => o.ServerUrl.AbsoluteUri,
        "RootCertificatesPem" => o.RootCertificatesPem!,
        "RootCertificateFile" => o.RootCertificateFile!,
        "DataDirectory" => o.DataDirectory,
        "MachineId" => o.MachineId!,
        "GracePeriod" => o.GracePeriod.ToString(),
        "RevalidationInterval" => o.RevalidationInterval.ToString(),
        "RetryInterval" => o.RetryInterval.ToString(),
        "ExpiringWarning" => o.ExpiringWarning.ToString(),
        "ClockSkewTolerance" => o.ClockSkewTolerance.ToString(),
        "ReceiptMaxAge" => o.ReceiptMaxAge.ToString(),
        "ExcludedPaths" => string.Join(",", o.ExcludedPaths),
        "LocalLimits" => string.Join(",", o.LocalLimits.Select(l => $"{l.Key}={l.Value}")),
        "CloudLimits" => string.Join(",", o.CloudLimits.Select(l => $"{l.Key}={l.Value}")),
        "SelfHostedLimits" => string.Join(",", o.SelfHostedLimits.Select(l => $"{l.Key}={l.Value}")),
        "ProblemTypeBaseUri" => o.ProblemTypeBaseUri.AbsoluteUri,
        "InvalidLicenseHealthStatus" => o.InvalidLicenseHealthStatus.ToString(),
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "not a documented key"),
    };

    [Theory]
    [MemberData(nameof(DocumentedKeys))]
    public void Section_EveryDocumentedKey_Binds(string key, string value, string expected)
    {
        var options = Bind(new() { [$"{GlyphhLicensingOptions.SectionName}:{key}"] = value });

        Assert.Equal(expected, Shown(options, key));
        Assert.NotEqual(Shown(new GlyphhLicensingOptions(), key), expected);
    }

    [Theory]
    [InlineData("DEPLOYMENT_MODE", "self-hosted", "Mode", "SelfHosted")]
    [InlineData("DEPLOYMENT_MODE", "cloud", "Mode", "Cloud")]
    [InlineData("LICENSE_KEY", "GLYPHH-AAAA-BBBB-CCCC-DDDD", "LicenseKey", "GLYPHH-AAAA-BBBB-CCCC-DDDD")]
    [InlineData("LICENSE_FILE", "/etc/projects/license.lic", "LicenseFile", "/etc/projects/license.lic")]
    [InlineData("LICENSE_SERVER_URL", "https://licenses.example.com/base/", "ServerUrl", "https://licenses.example.com/base/")]
    [InlineData("LICENSE_ROOT_CERT", "/etc/projects/root.pem", "RootCertificateFile", "/etc/projects/root.pem")]
    [InlineData("GLYPHH_DATA_DIR", "/var/lib/projects", "DataDirectory", "/var/lib/projects")]
    [InlineData("GLYPHH_MACHINE_ID", "pod-identity-1", "MachineId", "pod-identity-1")]
    public void Variable_EveryDocumentedVariable_BindsItsKey_AndWinsOverAppsettings(string variable, string value, string key, string expected)
    {
        var options = Bind(
            new() { [$"{GlyphhLicensingOptions.SectionName}:{key}"] = key == "Mode" ? "Local" : key == "ServerUrl" ? "https://appsettings.example.com/" : "from-appsettings" },
            new() { [variable] = value });

        Assert.Equal(expected, Shown(options, key));
    }

    [Fact]
    public void Variables_CoverEveryAlias()
    {
        Assert.Equal(
            ["DEPLOYMENT_MODE", "LICENSE_KEY", "LICENSE_FILE", "LICENSE_SERVER_URL", "LICENSE_ROOT_CERT", "GLYPHH_DATA_DIR", "GLYPHH_MACHINE_ID"],
            GlyphhLicensingConfigurationBuilderExtensions.Aliases.Select(a => a.Variable));
    }

    [Fact]
    public void Variables_FromAConfiguration_CommandLineKeysReachTheSection()
    {
        var manager = new ConfigurationManager();
        manager.AddCommandLine(["--LICENSE_FILE=/etc/projects/license.lic", "--DEPLOYMENT_MODE=self-hosted"]);
        manager.AddGlyphhLicensingEnvironmentVariables();

        Assert.Equal("/etc/projects/license.lic", manager["Glyphh:Licensing:LicenseFile"]);
        Assert.Equal("SelfHosted", manager["Glyphh:Licensing:Mode"]);
    }

    [Fact]
    public void UnknownDeploymentModeVariable_FailsWhenTheSourceLoads_NamingVariableAndKey()
    {
        var ex = Assert.Throws<GlyphhLicensingException>(() => Section([], new() { ["DEPLOYMENT_MODE"] = "on-prem" }));

        Assert.Equal(LicensingErrorCodes.InvalidConfiguration, ex.ErrorCode);
        Assert.Contains("DEPLOYMENT_MODE 'on-prem'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Glyphh:Licensing:Mode", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Section_ContractSpellingOfMode_Binds()
    {
        Assert.Equal(DeploymentMode.SelfHosted, Bind(new() { ["Glyphh:Licensing:Mode"] = "self-hosted", ["Glyphh:Licensing:GracePeriod"] = "2.00:00:00" }).Mode);
    }

    [Fact]
    public void Section_ExcludedPaths_ReplaceTheDefaults()
    {
        var options = Bind(new() { ["Glyphh:Licensing:ExcludedPaths:0"] = "/status", ["Glyphh:Licensing:ExcludedPaths:1"] = "/live" });

        Assert.Equal(["/status", "/live"], options.ExcludedPaths);
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
    public void Defaults_MatchTheContract()
    {
        var options = new GlyphhLicensingOptions();

        Assert.Equal(DeploymentMode.Local, options.Mode);
        Assert.Equal("", options.Product);
        Assert.Equal(TimeSpan.FromDays(7), options.GracePeriod);
        Assert.Equal(TimeSpan.FromHours(24), options.RevalidationInterval);
        Assert.Equal("./data", options.DataDirectory);
        Assert.Equal(["/health", "/health/ready", "/ready", "/metrics", "/license"], options.ExcludedPaths);
    }

    [Theory]
    [InlineData("Local", null)]
    [InlineData("Cloud", null)]
    [InlineData("SelfHosted", "  ")]
    public void MissingProduct_StopsStartupNamingTheKey(string mode, string? product)
    {
        var message = StartupFailure(new() { ["Glyphh:Licensing:Mode"] = mode, ["Glyphh:Licensing:Product"] = product });

        Assert.Contains("Glyphh:Licensing:Product is required", message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingProduct_StopsAHostAtStartup()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddGlyphhLicensing(o => o.DataDirectory = Path.GetTempPath());
        using var host = builder.Build();

        var ex = Assert.Throws<OptionsValidationException>(() => host.StartAsync().GetAwaiter().GetResult());
        Assert.Contains("Glyphh:Licensing:Product is required", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownMode_StopsStartupNamingTheValue()
    {
        var message = StartupFailure(new() { ["Glyphh:Licensing:Mode"] = "on-prem" });

        Assert.Contains("Glyphh:Licensing:Mode (DEPLOYMENT_MODE)", message, StringComparison.Ordinal);
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
        services.AddGlyphhLicensing(o => o.Product = "projects-service");
        services.AddGlyphhLicensing(o => o.Mode = DeploymentMode.Cloud);
        using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetServices<IHostedService>());
        Assert.Equal(2, provider.GetServices<IValidateOptions<GlyphhLicensingOptions>>().Count());
        Assert.Equal(DeploymentMode.Cloud, provider.GetRequiredService<ILicenseState>().Current.Mode);
        Assert.Same(provider.GetRequiredService<ILicenseState>(), provider.GetRequiredService<ILicenseState>());
    }
}
