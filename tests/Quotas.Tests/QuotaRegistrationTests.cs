using Glyphh.Quotas.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Glyphh.Quotas.Tests;

public class QuotaRegistrationTests
{
    [Fact]
    public async Task AddGlyphhQuotas_Defaults_MatchTheSeed()
    {
        using var host = new QuotaTestHost();

        var status = await host.Quotas.GetStatusAsync("m1");

        Assert.Equal(QuotaLimit.Of(1_000_000), status.Limits[QuotaResources.Glyphs]);
        Assert.Equal(QuotaLimit.Of(10_737_418_240), status.Limits[QuotaResources.StorageBytes]);
        Assert.Equal(QuotaLimit.Of(1_073_741_824), status.Limits[QuotaResources.MemoryBytes]);
        Assert.Equal(3, status.Limits.Count);
        Assert.All(status.Usage.Values, used => Assert.Equal(0, used));
    }

    [Fact]
    public void AddGlyphhQuotas_CalledTwice_RegistersOnce()
    {
        var services = new ServiceCollection();
        services.AddGlyphhQuotas();
        services.AddGlyphhQuotas();

        Assert.Single(services, d => d.ServiceType == typeof(IQuotaService));
        Assert.Single(services, d => d.ServiceType == typeof(IQuotaStore));
        Assert.Single(services, d => d.ServiceType == typeof(Microsoft.AspNetCore.Diagnostics.IExceptionHandler));
        using var provider = services.BuildServiceProvider();
        Assert.Same(provider.GetRequiredService<IQuotaService>(), provider.GetRequiredService<IQuotaService>());
    }

    [Fact]
    public async Task AddGlyphhQuotas_FromConfiguration_BindsLimitsAndUnlimited()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Glyphh:Quotas:DefaultLimits:glyphs"] = "500",
            ["Glyphh:Quotas:DefaultLimits:memory_bytes"] = "",
            ["Glyphh:Quotas:DefaultLimits:models"] = "unlimited",
            ["Glyphh:Quotas:WarningThreshold"] = "0.5",
        }).Build();
        var services = new ServiceCollection();
        services.AddGlyphhQuotas(configuration.GetSection(QuotaOptions.SectionName));
        using var provider = services.BuildServiceProvider();

        var status = await provider.GetRequiredService<IQuotaService>().GetStatusAsync("m1");

        Assert.Equal(QuotaLimit.Of(500), status.Limits[QuotaResources.Glyphs]);
        Assert.True(status.Limits[QuotaResources.MemoryBytes].IsUnlimited);
        Assert.True(status.Limits[QuotaResources.Models].IsUnlimited);
        Assert.Equal(QuotaLimit.Of(QuotaOptions.DefaultStorageBytes), status.Limits[QuotaResources.StorageBytes]);
        Assert.Equal(0.5, provider.GetRequiredService<IOptions<QuotaOptions>>().Value.WarningThreshold);
    }

    [Theory]
    [InlineData("Glyphh:Quotas:DefaultLimits:glyphs", "-1", "Glyphh:Quotas:DefaultLimits:glyphs")]
    [InlineData("Glyphh:Quotas:DefaultLimits:glyphs", "9007199254740992", "Glyphh:Quotas:DefaultLimits:glyphs")]
    [InlineData("Glyphh:Quotas:DefaultLimits:Bad-Name", "1", "Glyphh:Quotas:DefaultLimits:Bad-Name")]
    [InlineData("Glyphh:Quotas:DefaultLimits:glyphs", "lots", "Glyphh:Quotas:DefaultLimits:glyphs")]
    [InlineData("Glyphh:Quotas:WarningThreshold", "1.5", "WarningThreshold")]
    [InlineData("Glyphh:Quotas:WarningThreshold", "high", "Glyphh:Quotas:WarningThreshold")]
    [InlineData("Glyphh:Quotas:MaxRequestBodyBytes", "10", "MaxRequestBodyBytes")]
    public async Task Start_InvalidSetting_FailsNamingTheKey(string key, string value, string named)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [key] = value });
        builder.Services.AddGlyphhQuotas(builder.Configuration.GetSection(QuotaOptions.SectionName));
        using var host = builder.Build();

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(named, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddResource_InvalidName_Throws()
    {
        var builder = new ServiceCollection().AddGlyphhQuotas();

        Assert.Throws<ArgumentException>(() => builder.AddResource("Models!", QuotaLimit.Unlimited));
    }
}
