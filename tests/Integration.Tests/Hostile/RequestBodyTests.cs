using JointPunishment.Gateway.Validation;
using Microsoft.AspNetCore.Http;

namespace JointPunishment.Integration.Tests.Hostile;

/// <summary>The gateway's body reader spends memory on the bytes that arrive, not on the length a client claims.</summary>
public sealed class RequestBodyTests
{
    [Fact]
    public async Task ReadBytesAsync_ClaimingMegabytesAndSendingTwoBytes_AllocatesNoBufferOfTheClaimedSize()
    {
        var http = new DefaultHttpContext();
        http.Request.ContentLength = 6 * 1024 * 1024;
        http.Request.Body = new MemoryStream("{}"u8.ToArray());

        // A MemoryStream completes every read at once, so the whole read runs on this thread and is counted here.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var (bytes, problem) = await RequestBody.ReadBytesAsync(http.Request);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Null(problem);
        Assert.Equal(2, bytes.Length);
        Assert.True(allocated < 256 * 1024, $"allocated {allocated} bytes for a 2-byte body");
    }
}
