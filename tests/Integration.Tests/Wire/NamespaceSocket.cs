using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace StaticDhcpd.Integration.Tests.Wire;

/// <summary>
/// Creates a socket inside a network namespace: the namespace of a Linux thread can be switched with
/// setns(2), and a socket belongs to the namespace it was created in, whatever thread uses it later.
/// The switch happens on a throwaway thread so no pool thread of the test process changes namespace.
/// </summary>
public static class NamespaceSocket
{
    private const int CloneNewNet = 0x40000000;

    [DllImport("libc", SetLastError = true)]
    private static extern int setns(int fd, int nstype);

    public static Socket CreateUdp(string netns, string device, int port)
    {
        Socket? socket = null;
        Exception? error = null;
        var t = new Thread(() =>
        {
            try
            {
                using var ns = File.OpenHandle($"/var/run/netns/{netns}");
                if (setns((int)ns.DangerousGetHandle(), CloneNewNet) != 0)
                    throw new InvalidOperationException($"setns({netns}) failed: errno {Marshal.GetLastWin32Error()}");
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                s.SetRawSocketOption(1, 25, Encoding.ASCII.GetBytes(device + "\0")); // SO_BINDTODEVICE
                s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Broadcast, true);
                s.Bind(new IPEndPoint(IPAddress.Any, port));
                socket = s;
            }
            catch (Exception e) { error = e; }
        });
        t.Start();
        t.Join();
        return socket ?? throw new InvalidOperationException($"cannot open a UDP socket in {netns}", error);
    }
}
