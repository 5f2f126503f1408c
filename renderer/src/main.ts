/** Renderer entry: Vue app with Pinia, the one stylesheet, and error logging. */
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { useErrorStore } from './stores/error-store';
import './styles.css';

const app = createApp(App);
app.use(createPinia());
// Anything a component did not catch still reaches the person as a banner.
app.config.errorHandler = (error) => useErrorStore().report(error);
app.mount('#app');
