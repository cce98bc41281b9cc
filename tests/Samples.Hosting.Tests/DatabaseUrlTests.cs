using Npgsql;

namespace Glyphh.Samples.Hosting.Tests;

/// <summary>DATABASE_URL as both hosts read it: the libpq URL form and the Npgsql connection-string form.</summary>
public sealed class DatabaseUrlTests
{
    private static NpgsqlConnectionStringBuilder Parse(string url) => new(DatabaseUrl.ToConnectionString(url));

    private static StartupConfigurationException Refused(string url)
    {
        var e = Assert.Throws<StartupConfigurationException>(() => DatabaseUrl.ToConnectionString(url));
        Assert.Equal("DATABASE_URL", e.Setting);
        Assert.StartsWith("DATABASE_URL: ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        return e;
    }

    [Theory]
    [InlineData("postgresql://glyphh:glyphh@db:5432/glyphh_runtime", "db", 5432, "glyphh", "glyphh", "glyphh_runtime")]
    [InlineData("postgres://u%40corp:p%3Ass%2Fw%25rd@10.0.0.5:6543/my%20db", "10.0.0.5", 6543, "u@corp", "p:ss/w%rd", "my db")]
    [InlineData("postgresql://u:p%2B%40%3A%25%23%2F%20x@[::1]:6543/d", "::1", 6543, "u", "p+@:%#/ x", "d")]
    [InlineData("postgresql://h/d", "h", 5432, null, null, "d")]
    [InlineData("postgresql://%C3%A9l%C3%A8ve:%E2%82%AC@h/d", "h", 5432, "élève", "€", "d")]
    [InlineData("Host=pg.internal;Port=5433;Username=a;Password=b;Database=c", "pg.internal", 5433, "a", "b", "c")]
    public void Parse_UrlOrConnectionString_EveryPartDecoded(string url, string host, int port, string? user, string? password, string database)
    {
        var cs = Parse(url);
        Assert.Equal((host, port, user, password, database), (cs.Host, cs.Port, cs.Username, cs.Password, cs.Database));
    }

    [Theory]
    [InlineData("disable", SslMode.Disable)]
    [InlineData("allow", SslMode.Allow)]
    [InlineData("prefer", SslMode.Prefer)]
    [InlineData("require", SslMode.Require)]
    [InlineData("verify-ca", SslMode.VerifyCA)]
    [InlineData("verify-full", SslMode.VerifyFull)]
    public void Parse_EveryLibpqSslMode(string sslmode, SslMode expected) =>
        Assert.Equal(expected, Parse($"postgresql://h/d?sslmode={sslmode}").SslMode);

    [Fact]
    public void Parse_LibpqParameters_MapToNpgsql()
    {
        var cs = Parse("postgresql://u@h/d?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.crt&sslcert=/c.crt&sslkey=/c.key"
            + "&connect_timeout=7&application_name=my%20app&target_session_attrs=read-write");
        Assert.Equal(SslMode.VerifyFull, cs.SslMode);
        Assert.Equal("/etc/ca.crt", cs.RootCertificate);
        Assert.Equal(("/c.crt", "/c.key"), (cs.SslCertificate, cs.SslKey));
        Assert.Equal(7, cs.Timeout);
        Assert.Equal("my app", cs.ApplicationName);
        Assert.Equal("read-write", cs.TargetSessionAttributes);
    }

    [Theory]
    [InlineData("any")]
    [InlineData("read-only")]
    [InlineData("primary")]
    [InlineData("standby")]
    [InlineData("prefer-standby")]
    public void Parse_TargetSessionAttrs_LibpqValues(string value) =>
        Assert.Equal(value, Parse($"postgresql://h1,h2/d?target_session_attrs={value}").TargetSessionAttributes);

    [Theory]
    [InlineData("postgresql://h/d", GssEncryptionMode.Disable)]
    [InlineData("postgresql://h/d?gssencmode=prefer", GssEncryptionMode.Prefer)]
    [InlineData("postgresql://h/d?gssencmode=require", GssEncryptionMode.Require)]
    [InlineData("Host=h;Database=d", GssEncryptionMode.Disable)]
    [InlineData("Host=h;Database=d;GSS Encryption Mode=Prefer", GssEncryptionMode.Prefer)]
    [InlineData("Host=h;Database=d;gssencryptionmode=Require", GssEncryptionMode.Require)]
    public void Parse_GssEncryption_OffUnlessAskedFor(string url, GssEncryptionMode expected) =>
        Assert.Equal(expected, Parse(url).GssEncryptionMode);

    [Fact]
    public void Parse_ConnectTimeoutZero_WaitsForever() => Assert.Equal(0, Parse("postgresql://h/d?connect_timeout=0").Timeout);

    [Theory]
    [InlineData("postgresql://host1:5432,host2:5433/d", "host1:5432,host2:5433")]
    [InlineData("postgresql://u:p@host1,host2:6000,[::1]:7000/d", "host1,host2:6000,[::1]:7000")]
    public void Parse_MultipleHosts_NpgsqlHostList(string url, string hosts)
    {
        var cs = Parse(url);
        Assert.Equal(hosts, cs.Host);
        Assert.Equal("d", cs.Database);
    }

    [Theory]
    [InlineData("postgresql://h", "names no database")]
    [InlineData("postgresql://h/", "names no database")]
    [InlineData("postgresql://u:p@h:5432?sslmode=require", "names no database")]
    [InlineData("Host=h;Username=u", "names no database")]
    public void Parse_NoDatabase_RefusedByOneRuleInBothForms(string url, string expected) =>
        Assert.Contains(expected, Refused(url).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("postgresql://h/d?nonsense=1", "'nonsense'")]
    [InlineData("postgresql://h/d?sslmode=require&Maximum%20Pool%20Size=5", "'Maximum Pool Size'")]
    [InlineData("postgresql://h/d?options=-c%20x", "'options'")]
    public void Parse_UnknownParameter_RefusedWithItsName(string url, string name)
    {
        var message = Refused(url).Message;
        Assert.Contains(name, message, StringComparison.Ordinal);
        Assert.Contains("sslmode, sslrootcert", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgresql://h/d?sslmode=sometimes", "sslmode 'sometimes'")]
    [InlineData("postgresql://h/d?sslmode=verify_full", "sslmode 'verify_full'")]
    [InlineData("postgresql://h/d?connect_timeout=abc", "connect_timeout")]
    [InlineData("postgresql://h/d?connect_timeout=-1", "connect_timeout")]
    [InlineData("postgresql://h/d?connect_timeout=99999999999", "connect_timeout")]
    [InlineData("postgresql://h/d?target_session_attrs=master", "target_session_attrs")]
    [InlineData("postgresql://h/d?gssencmode=maybe", "gssencmode 'maybe'")]
    [InlineData("postgresql://h/d?sslrootcert=", "'sslrootcert' is empty")]
    [InlineData("postgresql://h/d?sslmode=require&sslmode=disable", "'sslmode' twice")]
    public void Parse_BadParameterValue_RefusedNamingTheParameter(string url, string expected) =>
        Assert.Contains(expected, Refused(url).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("postgresql://u:pa/ss@h/d", "raw '/'")]
    [InlineData("postgresql://u:pa?ss@h/d", "raw '/' or '?'")]
    [InlineData("postgresql://u:pa#ss@h/d", "raw '#'")]
    [InlineData("postgresql://u:p%ZZ@h/d", "bad percent-encoding in the password")]
    [InlineData("postgresql://u:p%4@h/d", "bad percent-encoding")]
    [InlineData("postgresql://u:p@h/d%FF", "not UTF-8")]
    [InlineData("postgresql://u:p@h/glyphh%00x", "NUL")]
    public void Parse_BadEncoding_RefusedWithoutEchoingThePassword(string url, string expected)
    {
        var message = Refused(url).Message;
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain("pa/ss", message, StringComparison.Ordinal);
        Assert.DoesNotContain("ss@h", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("mysql://u:p@h/db", "only postgresql://")]
    [InlineData("postgresql://", "names no host")]
    [InlineData("postgresql://u:p@/db", "names no host")]
    [InlineData("postgresql://h1,,h2/db", "names no host")]
    [InlineData("postgresql://h:notaport/db", "port")]
    [InlineData("postgresql://h:0/db", "port")]
    [InlineData("postgresql://h:65536/db", "port")]
    [InlineData("postgresql://[::1/db", "IPv6")]
    [InlineData("postgresql://h1,aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/db", "longer than 255")]
    [InlineData("Host=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;Database=d", "longer than 255")]
    [InlineData("postgresql://h/a/b", "more than one segment")]
    [InlineData("Host=;Database=d", "names no host")]
    [InlineData("this is not=a;connection", "connection string")]
    [InlineData("Password=s3cr3t;Bogus Key=1", "connection string")]
    [InlineData("sAAAA====\'D\u69ce=\"{,=", "connection string")]
    public void Parse_Malformed_OneClearLine(string url, string expected)
    {
        var message = Refused(url).Message;
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", message, StringComparison.Ordinal);
    }
}
