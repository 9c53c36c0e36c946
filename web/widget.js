/*
 * The imaging careers chat widget: a small, dependency-free client of Rasa's REST channel.
 *
 * Embed it with an element and one script tag (see the README):
 *   <div id="imaging-chat"></div>
 *   <link rel="stylesheet" href="https://assistant.example.edu/widget.css">
 *   <script src="https://assistant.example.edu/widget.js"
 *           data-rasa-url="https://assistant.example.edu:5005" defer></script>
 *
 * Everything the bot or the student writes is shown as text (never as HTML); only http and
 * https addresses become links, opening in a new tab. The conversation (its sender id and
 * messages) is kept in the browser's localStorage, so it survives a reload until the
 * student starts a new one.
 */
(function () {
  "use strict";

  var STORAGE_KEY = "imaging-chat:v1";
  var MAX_MESSAGE_LENGTH = 1000;
  var URL_PATTERN = /(https?:\/\/[^\s<>"]+[^\s<>".,;:!?)'])/g;
  var INTRO = "Hi! I answer questions about careers in medical imaging, with the source of " +
    "every fact. Try: \"How do I become a sonographer?\" or \"CT tech vs MRI tech\".";
  var UNREACHABLE = "Sorry, I can't reach the assistant right now. Please try again in a minute.";
  var TOO_FAST = "You're sending messages faster than I can answer. Please wait a few " +
    "seconds, then try again.";

  var script = document.currentScript;

  function newSenderId() {
    if (window.crypto && window.crypto.randomUUID) {
      return "web-" + window.crypto.randomUUID();
    }
    return "web-" + Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  function loadState() {
    try {
      var state = JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "null");
      if (state && typeof state.sender === "string" && Array.isArray(state.messages)) {
        return state;
      }
    } catch (error) {
      /* a broken or unavailable store starts a new conversation */
    }
    return { sender: newSenderId(), messages: [] };
  }

  function saveState(state) {
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
    } catch (error) {
      /* private mode or a full store: the conversation still works, it is just not kept */
    }
  }

  function safeLink(address) {
    try {
      var url = new URL(address);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  /* Text with its http(s) addresses as links; everything else as plain text nodes. */
  function renderText(container, text) {
    var position = 0;
    String(text).replace(URL_PATTERN, function (match, address, offset) {
      container.appendChild(document.createTextNode(text.slice(position, offset)));
      var href = safeLink(address);
      if (href) {
        var link = document.createElement("a");
        link.href = href;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        link.textContent = address;
        container.appendChild(link);
      } else {
        container.appendChild(document.createTextNode(address));
      }
      position = offset + match.length;
      return match;
    });
    container.appendChild(document.createTextNode(text.slice(position)));
  }

  function element(tag, className, attributes) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    return node;
  }

  function ImagingChat(root, rasaUrl) {
    this.root = root;
    this.endpoint = rasaUrl.replace(/\/+$/, "") + "/webhooks/rest/webhook";
    this.state = loadState();
    this.queue = Promise.resolve();
    this.build();
    this.renderAll();
  }

  ImagingChat.prototype.build = function () {
    var chat = element("section", "ic-chat", { "aria-label": "Imaging careers assistant" });
    var header = element("div", "ic-header");
    var title = element("h2");
    title.textContent = "Imaging careers assistant";
    this.resetButton = element("button", "ic-reset", { type: "button" });
    this.resetButton.textContent = "New conversation";
    header.appendChild(title);
    header.appendChild(this.resetButton);

    this.log = element("div", "ic-log", {
      role: "log", "aria-live": "polite", "aria-relevant": "additions",
      "aria-label": "Conversation", tabindex: "0",
    });
    this.typing = element("div", "ic-typing", { role: "status" });

    var form = element("form", "ic-form");
    var label = element("label", "ic-visually-hidden", { "for": "ic-input" });
    label.textContent = "Your question";
    this.input = element("input", null, {
      id: "ic-input", type: "text", autocomplete: "off", maxlength: String(MAX_MESSAGE_LENGTH),
      placeholder: "Ask about an imaging career…",
    });
    var send = element("button", null, { type: "submit" });
    send.textContent = "Send";
    form.appendChild(label);
    form.appendChild(this.input);
    form.appendChild(send);

    chat.appendChild(header);
    chat.appendChild(this.log);
    chat.appendChild(this.typing);
    chat.appendChild(form);
    this.root.appendChild(chat);

    var self = this;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = self.input.value.trim();
      if (text) {
        self.input.value = "";
        self.send(text, text);
      }
    });
    this.resetButton.addEventListener("click", function () { self.reset(); });
  };

  ImagingChat.prototype.renderAll = function () {
    this.log.textContent = "";
    if (this.state.messages.length === 0) {
      this.state.messages.push({ from: "bot", text: INTRO, buttons: [] });
    }
    var self = this;
    this.state.messages.forEach(function (message) { self.render(message); });
  };

  ImagingChat.prototype.render = function (message) {
    var bubble = element("div", "ic-message " + (message.from === "user" ? "ic-user" : "ic-bot"));
    var speaker = element("span", "ic-visually-hidden");
    speaker.textContent = message.from === "user" ? "You: " : "Assistant: ";
    bubble.appendChild(speaker);
    renderText(bubble, message.text || "");
    this.log.appendChild(bubble);
    if (message.buttons && message.buttons.length) {
      var group = element("div", "ic-buttons", { role: "group", "aria-label": "Suggested replies" });
      var self = this;
      message.buttons.forEach(function (button) {
        var control = element("button", null, { type: "button" });
        control.textContent = String(button.title || "");
        control.addEventListener("click", function () {
          self.send(String(button.payload || button.title || ""), String(button.title || ""));
        });
        group.appendChild(control);
      });
      this.log.appendChild(group);
    }
    if (message.feedback) {
      this.renderFeedback(message);
    }
    this.log.scrollTop = this.log.scrollHeight;
  };

  /* "Was this helpful? Yes / No" under an answer; once answered, a short thanks instead. */
  ImagingChat.prototype.renderFeedback = function (message) {
    var box = element("div", "ic-feedback", { role: "group", "aria-label": "Was this answer helpful?" });
    var self = this;
    function show() {
      box.textContent = "";
      if (message.feedback.given) {
        var thanks = element("span");
        thanks.textContent = "Thanks for your feedback.";
        box.appendChild(thanks);
        return;
      }
      var question = element("span");
      question.textContent = "Was this helpful?";
      box.appendChild(question);
      [["yes", "Yes"], ["no", "No"]].forEach(function (choice) {
        var control = element("button", null, {
          type: "button", "aria-label": choice[1] + ", this answer was " +
            (choice[0] === "yes" ? "helpful" : "not helpful"),
        });
        control.textContent = choice[1];
        control.addEventListener("click", function () {
          if (message.feedback.given) {
            return;
          }
          message.feedback.given = choice[0];
          saveState(self.state);
          show();
          self.sendFeedback(message.feedback.answerTo, choice[0]);
        });
        box.appendChild(control);
      });
    }
    show();
    this.log.appendChild(box);
  };

  /* Records the feedback in the conversation; only a "no" shows the assistant's reply. */
  ImagingChat.prototype.sendFeedback = function (answerTo, helpful) {
    var payload = "/feedback" + JSON.stringify({ helpful: helpful, answer_to: answerTo });
    var self = this;
    this.queue = this.queue.then(function () { return self.post(payload, helpful === "no"); });
    return this.queue;
  };

  ImagingChat.prototype.add = function (message) {
    this.state.messages.push(message);
    saveState(this.state);
    this.render(message);
  };

  /* Send ``payload`` to Rasa, showing ``shown`` as the student's message. In order. */
  ImagingChat.prototype.send = function (payload, shown) {
    var self = this;
    this.add({ from: "user", text: shown, buttons: [] });
    this.queue = this.queue.then(function () { return self.post(payload); });
    return this.queue;
  };

  /* Sends ``payload``; shows the replies unless ``showReplies`` is false. */
  ImagingChat.prototype.post = function (payload, showReplies) {
    var self = this;
    var sender = this.state.sender;
    this.typing.textContent = "The assistant is typing…";
    return fetch(this.endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: sender, message: payload }),
    }).then(function (response) {
      if (response.status === 429) {
        throw new Error(TOO_FAST);
      }
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    }).then(function (replies) {
      if (sender !== self.state.sender) {
        return; /* the student started a new conversation meanwhile */
      }
      if (showReplies === false) {
        return;
      }
      var last = null;
      (Array.isArray(replies) ? replies : []).forEach(function (reply) {
        var marker = reply && reply.custom && reply.custom.feedback;
        if (marker && last && typeof marker.answer_to === "string") {
          /* the reply just shown is an answer: offer "Was this helpful?" under it */
          last.feedback = { answerTo: marker.answer_to, given: null };
          saveState(self.state);
          self.renderFeedback(last);
          self.log.scrollTop = self.log.scrollHeight;
        } else if (reply && (typeof reply.text === "string" || Array.isArray(reply.buttons))) {
          last = { from: "bot", text: reply.text || "", buttons: reply.buttons || [] };
          self.add(last);
        }
      });
    }).catch(function (error) {
      self.add({ from: "bot", text: error && error.message === TOO_FAST ? TOO_FAST : UNREACHABLE,
        buttons: [] });
    }).then(function () {
      self.typing.textContent = "";
    });
  };

  ImagingChat.prototype.reset = function () {
    this.state = { sender: newSenderId(), messages: [] };
    saveState(this.state);
    this.typing.textContent = "";
    this.renderAll();
    this.input.focus();
  };

  function start() {
    var root = document.getElementById((script && script.dataset.target) || "imaging-chat");
    if (!root) {
      return;
    }
    var rasaUrl = (script && script.dataset.rasaUrl) ||
      window.location.protocol + "//" + window.location.hostname + ":5005";
    window.imagingChat = new ImagingChat(root, rasaUrl);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
