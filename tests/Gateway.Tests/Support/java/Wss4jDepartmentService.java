import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.ws.security.WSPasswordCallback;
import org.apache.ws.security.WSSecurityEngine;
import org.apache.ws.security.WSSecurityEngineResult;
import org.apache.ws.security.WSSecurityException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A legacy department's SOAP service built on Apache WSS4J 1.6: the gateway dispatches to it, and WSS4J checks the gateway's
 * UsernameToken (PasswordDigest, nonce, created; and a wsu:Timestamp when one is sent) against the password the department expects.
 * Usage: Wss4jDepartmentService PORT USERNAME PASSWORD REPLY-NAMESPACE REPLY-ELEMENT CODE-ELEMENT MESSAGE-ELEMENT REFERENCE-ELEMENT OK-CODE.
 * Port 0 picks a free one. Prints "listening PORT" once up, and one line per dispatch: "accepted CASENO" or "refused REASON".
 */
public final class Wss4jDepartmentService {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String user = args[1], password = args[2], ns = args[3];
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            String answer;
            int status = 200;
            try {
                DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
                factory.setNamespaceAware(true);
                factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
                Document doc = factory.newDocumentBuilder().parse(exchange.getRequestBody());
                CallbackHandler passwords = callbacks -> {
                    for (Callback c : callbacks) {
                        WSPasswordCallback pc = (WSPasswordCallback) c;
                        if (user.equals(pc.getIdentifier())) pc.setPassword(password);
                    }
                };
                List<WSSecurityEngineResult> results = new WSSecurityEngine().processSecurityHeader(doc, null, passwords, null);
                if (results == null || results.isEmpty()) throw new WSSecurityException("no WS-Security header");
                NodeList cases = doc.getElementsByTagNameNS("*", "Sqbh");
                String caseNo = cases.getLength() > 0 ? cases.item(0).getTextContent() : "?";
                System.out.println("accepted " + caseNo + " (" + results.size() + " security results)");
                answer = envelope("<" + args[4] + " xmlns=\"" + ns + "\"><" + args[5] + ">" + args[8] + "</" + args[5] + "><" + args[6]
                    + ">taken</" + args[6] + "><" + args[7] + ">JAVA-" + caseNo + "</" + args[7] + "></" + args[4] + ">");
            } catch (WSSecurityException e) {
                System.out.println("refused " + e.getMessage());
                status = 500;
                answer = envelope("<soapenv:Fault><faultcode>soapenv:Client</faultcode><faultstring>" + e.getMessage()
                    .replace("&", "&amp;").replace("<", "&lt;") + "</faultstring></soapenv:Fault>");
            } catch (Exception e) {
                System.out.println("refused " + e);
                status = 500;
                answer = envelope("<soapenv:Fault><faultcode>soapenv:Client</faultcode><faultstring>unreadable</faultstring></soapenv:Fault>");
            }
            System.out.flush();
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml; charset=utf-8");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) { out.write(bytes); }
        });
        server.start();
        System.out.println("listening " + server.getAddress().getPort());
        System.out.flush();
    }

    static String envelope(String body) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?><soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body>"
            + body + "</soapenv:Body></soapenv:Envelope>";
    }
}
