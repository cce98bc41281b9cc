using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Glyphh.Samples.Hosting.Tests;

/// <summary>DATABASE_USER, DATABASE_PASSWORD and DATABASE_PASSWORD_FILE: the secret given apart from the URL, never encoded.</summary>
public sealed class DatabaseSettingsTests : IDisposable
{
    private const string Nasty = "a/b+c@d:e%f#g h?i&j=k;l'm\"n";
    private readonly string _dir = Directory.CreateTempSubdirectory("glyphh-dbsettings-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static IConfiguration Config(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static NpgsqlConnectionStringBuilder Build(string? url, IConfiguration configuration) =>
        new(DatabaseSettings.ConnectionString(url, configuration) ?? throw new InvalidOperationException("no connection string"));

    [Fact]
    public void NoUrl_NoOverrides_NullForTheEmbeddedDatabase()
    {
        Assert.Null(DatabaseSettings.ConnectionString(null, Config()));
        Assert.Null(DatabaseSettings.ConnectionString("  ", Config(("DATABASE_PASSWORD", ""))));
    }

    [Fact]
    public void Password_OverridesTheUrls_Verbatim()
    {
        var cs = Build("postgresql://glyphh:old@db:5432/glyphh_runtime", Config(("DATABASE_PASSWORD", Nasty)));
        Assert.Equal((Nasty, "glyphh", "db", "glyphh_runtime"), (cs.Password, cs.Username, cs.Host, cs.Database));
    }

    [Fact]
    public void User_OverridesTheUrls()
    {
        var cs = Build("postgresql://glyphh@db/x", Config(("DATABASE_USER", "other@corp"), ("DATABASE_PASSWORD", "p")));
        Assert.Equal(("other@corp", "p"), (cs.Username, cs.Password));
    }

    [Fact]
    public void Password_AppliesToTheConnectionStringFormToo()
    {
        var cs = Build("Host=db;Database=x;Username=u;Password=old", Config(("DATABASE_PASSWORD", Nasty)));
        Assert.Equal(Nasty, cs.Password);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("")]
    public void PasswordFile_ReadVerbatim_OneTrailingNewlineIgnored(string ending)
    {
        var file = Path.Combine(_dir, "pw");
        File.WriteAllText(file, Nasty + ending);
        Assert.Equal(Nasty, Build("postgresql://u@db/x", Config(("DATABASE_PASSWORD_FILE", file))).Password);
    }

    [Fact]
    public void PasswordFile_KeepsASecondNewlineAndSpaces()
    {
        var file = Path.Combine(_dir, "pw");
        File.WriteAllText(file, " pw \n\n");
        Assert.Equal(" pw \n", Build("postgresql://u@db/x", Config(("DATABASE_PASSWORD_FILE", file))).Password);
    }

    [Fact]
    public void PasswordFile_Missing_NamesTheSettingAndPath()
    {
        var file = Path.Combine(_dir, "absent");
        var e = Assert.Throws<StartupConfigurationException>(() => DatabaseSettings.ConnectionString("postgresql://u@db/x", Config(("DATABASE_PASSWORD_FILE", file))));
        Assert.Equal("DATABASE_PASSWORD_FILE", e.Setting);
        Assert.Contains(file, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PasswordFile_Empty_Refused()
    {
        var file = Path.Combine(_dir, "empty");
        File.WriteAllText(file, "\n");
        var e = Assert.Throws<StartupConfigurationException>(() => DatabaseSettings.ConnectionString("postgresql://u@db/x", Config(("DATABASE_PASSWORD_FILE", file))));
        Assert.Contains("is empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PasswordAndPasswordFile_Both_Refused()
    {
        var file = Path.Combine(_dir, "pw");
        File.WriteAllText(file, "x");
        var e = Assert.Throws<StartupConfigurationException>(() =>
            DatabaseSettings.ConnectionString("postgresql://u@db/x", Config(("DATABASE_PASSWORD", "y"), ("DATABASE_PASSWORD_FILE", file))));
        Assert.Equal("DATABASE_PASSWORD: and DATABASE_PASSWORD_FILE are both set; set one.", e.Message);
    }

    [Theory]
    [InlineData("DATABASE_PASSWORD")]
    [InlineData("DATABASE_USER")]
    public void Override_WithoutUrl_RefusedRatherThanIgnored(string setting)
    {
        var e = Assert.Throws<StartupConfigurationException>(() => DatabaseSettings.ConnectionString(null, Config((setting, "x"))));
        Assert.Equal(setting, e.Setting);
        Assert.Contains("DATABASE_URL is not", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(": x", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadUrl_StillRefusedWhenAPasswordIsGiven() =>
        Assert.Equal("DATABASE_URL", Assert.Throws<StartupConfigurationException>(() =>
            DatabaseSettings.ConnectionString("postgresql://db", Config(("DATABASE_PASSWORD", "p")))).Setting);
}
