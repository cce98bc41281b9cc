using Glyphh.LicenseServer.Storage;
using Npgsql;

namespace Glyphh.LicenseServer.Tests.Storage;

public sealed class DatabaseUrlTests
{
    [Fact]
    public void ToNpgsql_Uri_MapsEveryPart()
    {
        var cs = new NpgsqlConnectionStringBuilder(DatabaseUrl.ToNpgsql("postgresql://lic%40user:p%3Ass@db.example:6543/licenses?sslmode=require"));
        Assert.Equal(("db.example", 6543, "licenses", "lic@user", "p:ss"), (cs.Host, cs.Port, cs.Database, cs.Username, cs.Password));
        Assert.Equal(SslMode.Require, cs.SslMode);
    }

    [Fact]
    public void ToNpgsql_PlainConnectionString_PassesThrough()
    {
        var cs = new NpgsqlConnectionStringBuilder(DatabaseUrl.ToNpgsql("Host=h;Port=5433;Database=d;Username=u"));
        Assert.Equal(("h", 5433, "d"), (cs.Host, cs.Port, cs.Database));
    }

    [Theory]
    [InlineData("postgresql://")]
    [InlineData("this is not=a;connection")]
    [InlineData("postgresql://h/db?nonsense=1")]
    [InlineData("postgresql://user:p%40ss@db.example.com:5432/glyphh%00x")]
    [InlineData("sAAAA====\'D\u69ce=\"{,=")]
    public void ToNpgsql_Garbage_ClearError(string value)
    {
        var e = Assert.Throws<InvalidOperationException>(() => DatabaseUrl.ToNpgsql(value));
        Assert.Contains("DATABASE_URL", e.Message, StringComparison.Ordinal);
    }
}
